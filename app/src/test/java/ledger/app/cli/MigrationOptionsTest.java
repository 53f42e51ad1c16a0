package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import ledger.app.Main;
import ledger.app.server.ServerOperations;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --migrate} and {@code --schema-wait-ms} reach the configuration; {@code migrate} needs a URL. */
class MigrationOptionsTest {

  @Test
  void serve_migrates_by_default_and_not_with_migrate_false() {
    assertThat(operations().migrate()).isTrue();
    assertThat(operations("--migrate").migrate()).isTrue();
    assertThat(operations("--migrate=false").migrate()).isFalse();
    assertThat(operations("--migrate", "false").migrate()).isFalse();
  }

  @Test
  void the_schema_wait_defaults_to_two_minutes_and_takes_the_flag() {
    assertThat(operations().schemaWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(operations("--schema-wait-ms", "1500").schemaWait()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void migrate_without_a_postgresql_url_is_a_usage_error() {
    StringWriter err = new StringWriter();
    CommandLine ledger = Main.commandLine().setErr(new PrintWriter(err, true));

    assertThat(ledger.execute("migrate")).isEqualTo(2);
    assertThat(err.toString()).startsWith("migrate needs --pg-url or LEDGER_PG_URL");
  }

  private static ServerOperations operations(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().operations();
  }
}
