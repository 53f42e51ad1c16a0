package ledger.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.grpc.MethodTarget;
import ledger.load.runner.ConfigCheck;
import ledger.v1.CommandServiceOuterClass;
import ledger.v1.QueryServiceOuterClass;
import org.junit.jupiter.api.Test;

/** The shipped ghz configs, checked against the compiled contract (GhzScenariosIT checks the served one). */
class GhzFilesTest {

  static Path ghzDir() {
    return Path.of(System.getProperty("ghz.dir", "ghz"));
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(ghzDir())) {
      return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void there_is_one_config_per_scenario() throws IOException {
    assertThat(files()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("open-accounts.json",
        "deposit.json", "withdraw.json", "transfer.json", "balance.json", "balance-stream.json");
  }

  @Test
  void each_parses_cleanly_for_the_default_server() throws IOException {
    for (Path file : files()) {
      GhzConfig c = GhzConfigParser.parse(file);
      assertThat(c.notes()).as(file + " notes").isEmpty();
      assertThat(c.host()).as(file + " host").isEqualTo("127.0.0.1:9090");
      assertThat(c.name()).as(file + " name").isEqualTo(file.getFileName().toString().replace(".json", ""));
      assertThat(c.timed()).as(file + " runs for a duration").isTrue();
    }
  }

  @Test
  void each_fits_the_compiled_contract() throws IOException {
    for (Path file : files()) {
      GhzConfig c = GhzConfigParser.parse(file);
      var file0 = c.call().service().endsWith("CommandService") ? CommandServiceOuterClass.getDescriptor()
          : QueryServiceOuterClass.getDescriptor();
      var service = file0.findServiceByName(c.call().service().substring(c.call().service().lastIndexOf('.') + 1));
      assertThat(service).as(file + " service").isNotNull();
      var method = service.findMethodByName(c.call().method());
      assertThat(method).as(file + " method").isNotNull();
      assertThat(ConfigCheck.problems(c, new MethodTarget(method))).as(file + " problems").isEmpty();
    }
  }

  @Test
  void every_write_gets_a_fresh_command_id() throws IOException {
    for (Path file : files()) {
      GhzConfig c = GhzConfigParser.parse(file);
      if (c.call().service().endsWith("CommandService")) {
        assertThat(c.data().get(0).getString("command_id")).as(file.toString()).contains("{{newUUID}}");
      }
    }
  }
}
