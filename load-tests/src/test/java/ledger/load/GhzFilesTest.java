package ledger.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.grpc.MethodTarget;
import io.vertx.core.json.JsonObject;
import ledger.load.runner.ConfigCheck;
import ledger.load.template.CallData;
import ledger.load.template.Template;
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

  @Test
  void the_setup_configs_fit_the_compiled_contract() throws IOException {
    try (Stream<Path> list = Files.list(ghzDir().resolve("setup"))) {
      List<Path> setup = list.sorted().toList();
      assertThat(setup).extracting(p -> p.getFileName().toString())
          .containsExactly("1-open-accounts.json", "2-fund-accounts.json", "3-check-accounts.json");
      for (Path file : setup) {
        GhzConfig c = GhzConfigParser.parse(file);
        assertThat(c.notes()).as(file + " notes").isEmpty();
        assertThat(c.timed()).as(file + " plays a count, not a duration").isFalse();
        var file0 = c.call().service().endsWith("CommandService") ? CommandServiceOuterClass.getDescriptor()
            : QueryServiceOuterClass.getDescriptor();
        var method = file0.findServiceByName(c.call().service().substring(c.call().service().lastIndexOf('.') + 1))
            .findMethodByName(c.call().method());
        assertThat(ConfigCheck.problems(c, new MethodTarget(method))).as(file + " problems").isEmpty();
      }
    }
  }

  @Test
  void setup_configs_render_one_account_and_one_command_id_per_request_number() throws IOException {
    for (String file : List.of("setup/1-open-accounts.json", "setup/2-fund-accounts.json",
        "setup/3-check-accounts.json")) {
      Path path = GhzFilesTest.ghzDir().resolve(file);
      GhzConfig c = GhzConfigParser.parse(path);
      assertThat(c.total()).as(file).isEqualTo(1_000);
      Template template = Template.parse(new JsonObject(Files.readString(path)).getValue("data").toString());
      Set<String> accounts = new HashSet<>();
      Set<String> commands = new HashSet<>();
      for (long n = 0; n < 1_000; n++) {
        String rendered = template.render(new CallData("g0c0", n, null, 0, "u"), new SplittableRandom(n));
        // nothing random, nothing from the worker or the clock: request n is the same on every run
        assertThat(template.render(new CallData("g3c1", n, null, 42, "v"), new SplittableRandom(n + 7)))
            .as(file).isEqualTo(rendered);
        JsonObject request = new JsonObject(rendered);
        accounts.add(request.getString("account_id"));
        if (request.containsKey("command_id")) {
          commands.add(request.getString("command_id"));
        }
      }
      assertThat(accounts).as(file).hasSize(1_000).contains("acc-0", "acc-999").doesNotContain("acc-1000");
      // writes: a command id of its own per account (so a rerun is deduplicated)
      assertThat(commands).as(file).hasSize(file.contains("check") ? 0 : 1_000);
    }
  }
}
