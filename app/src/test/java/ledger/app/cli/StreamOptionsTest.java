package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.query.StreamBounds;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --stream-queue-max and --stream-stall-timeout-ms reach the query role's StreamBounds. */
class StreamOptionsTest {

  @Test
  void the_defaults_are_a_thousand_changes_and_thirty_seconds() {
    assertThat(bounds()).isEqualTo(StreamBounds.DEFAULTS).isEqualTo(new StreamBounds(1_000, Duration.ofSeconds(30)));
  }

  @Test
  void each_flag_sets_its_bound() {
    assertThat(bounds("--stream-queue-max", "50", "--stream-stall-timeout-ms", "5000"))
        .isEqualTo(new StreamBounds(50, Duration.ofSeconds(5)));
  }

  @Test
  void a_bound_below_one_is_a_usage_error() {
    assertThat(refusal("--stream-queue-max", "0")).startsWith("--stream-queue-max must be 1 or more");
    assertThat(refusal("--stream-stall-timeout-ms", "0")).startsWith("--stream-stall-timeout-ms must be 1 or more");
  }

  private static StreamBounds bounds(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().operations().streams();
  }
}
