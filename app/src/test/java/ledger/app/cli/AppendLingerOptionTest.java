package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;

import ledger.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --append-linger-us}: off by default, up to a tenth of a second, a usage error beyond. */
class AppendLingerOptionTest {

  @Test
  void the_linger_is_off_by_default_and_takes_the_flag() {
    assertThat(linger()).isZero();
    assertThat(linger("--append-linger-us", "1500")).isEqualTo(1500);
    assertThat(linger("--append-linger-us", "100000")).isEqualTo(100_000);
  }

  @Test
  void a_negative_or_longer_linger_is_refused_with_its_bounds() {
    assertThatThrownBy(() -> linger("--append-linger-us", "-1")).hasMessage(
        "--append-linger-us must be 0 to 100000 (a tenth of a second), got -1");
    assertThatThrownBy(() -> linger("--append-linger-us", "100001")).hasMessageContaining("got 100001");
  }

  @Test
  void serve_with_a_bad_linger_exits_with_a_usage_error() {
    StringWriter err = new StringWriter();
    CommandLine ledger = Main.commandLine().setErr(new PrintWriter(err, true));

    assertThat(ledger.execute("serve", "--append-linger-us", "-5")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--append-linger-us must be 0 to 100000");
  }

  private static long linger(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().appendLingerMicros();
  }
}
