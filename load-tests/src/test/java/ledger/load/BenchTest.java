package ledger.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, end to end against {@link FakeLedger}. */
class BenchTest {

  private static FakeLedger ledger;

  @BeforeAll
  static void start() {
    ledger = FakeLedger.start();
  }

  @AfterAll
  static void stop() {
    ledger.close();
  }

  @Test
  void run_plays_a_config_with_overrides_and_writes_both_reports(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("balance.json");
    Files.writeString(config, """
        {"call": "ledger.v1.QueryService.GetBalance", "host": "127.0.0.1:9", "insecure": true,
         "duration": "1h", "data": {"account_id": "acc-{{randomInt 0 9}}"}}
        """);
    int code = Bench.run("run", config.toString(), "--host", ledger.host(), "-n", "30", "-c", "3",
        "--report-dir", dir.resolve("out").toString());
    assertThat(code).isZero();
    JsonObject report = new JsonObject(Files.readString(dir.resolve("out/balance.json")));
    assertThat(report.getLong("count")).isEqualTo(30);
    assertThat(report.getJsonObject("statusCodeDistribution").getLong("OK")).isEqualTo(30);
    assertThat(dir.resolve("out/balance.html")).exists();
  }

  @Test
  void validate_checks_the_shipped_configs_against_a_server() {
    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("validate", "--host", ledger.host()),
        uncheckedFiles().stream().map(Path::toString)).toArray(String[]::new);
    assertThat(Bench.run(args)).isZero();
  }

  @Test
  void a_bad_config_is_exit_code_2_with_the_reason(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"call\": \"ledger.v1.QueryService.GetBalance\", \"insecure\": true, \"concurency\": 1}");
    assertThat(Bench.run("run", config.toString())).isEqualTo(2);
    assertThat(Bench.run("run", dir.resolve("missing.json").toString())).isEqualTo(2);
  }

  @Test
  void help_lists_every_mode() {
    assertThat(Bench.run("--help")).isZero();
    assertThat(Bench.run("run", "--help")).isZero();
  }

  private static java.util.List<Path> uncheckedFiles() {
    try {
      return GhzFilesTest.files();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
