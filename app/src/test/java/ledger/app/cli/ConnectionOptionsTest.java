package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.app.server.ConnectionSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Keepalive and connection-age flags reach the server's ConnectionSettings, each with its env twin. */
class ConnectionOptionsTest {

  @Test
  void keepalive_is_on_and_ageing_off_by_default() {
    assertThat(settings()).isEqualTo(ConnectionSettings.defaults());
    assertThat(settings().keepalive()).isTrue();
    assertThat(settings().ageing()).isFalse();
  }

  @Test
  void each_flag_sets_its_setting() {
    assertThat(settings("--keepalive-time-ms", "30000", "--keepalive-timeout-ms", "5000",
        "--max-connection-age-ms", "600000", "--max-connection-age-grace-ms", "20000"))
        .isEqualTo(new ConnectionSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofSeconds(20)));
  }

  @Test
  void each_flag_has_its_env_twin() {
    java.util.List<String> flags = new java.util.ArrayList<>();
    for (java.lang.reflect.Field field : ConnectionOptions.class.getDeclaredFields()) {
      CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
      String flag = option.names()[0];
      flags.add(flag);
      String env = "LEDGER_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      assertThat(option.defaultValue()).as(flag).startsWith("${env:" + env + ":-");
    }
    assertThat(flags).containsExactlyInAnyOrder("--keepalive-time-ms", "--keepalive-timeout-ms",
        "--max-connection-age-ms", "--max-connection-age-grace-ms");
  }

  @Test
  void a_negative_value_or_keepalive_without_a_timeout_is_a_usage_error() {
    assertThat(refusal("--max-connection-age-ms", "-1")).startsWith("--max-connection-age-ms must be 0 (off) or more");
    assertThat(refusal("--keepalive-timeout-ms", "0"))
        .startsWith("--keepalive-timeout-ms must be positive while --keepalive-time-ms is on");
  }

  private static ConnectionSettings settings(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().operations().connections();
  }

}
