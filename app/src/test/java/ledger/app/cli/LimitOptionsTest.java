package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static org.assertj.core.api.Assertions.assertThat;


import ledger.app.server.LimitSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ledger serve}'s limit flags reach the server's configuration; a bad value is a usage error. */
class LimitOptionsTest {

  @Test
  void the_rate_limit_is_off_and_the_stream_and_queue_bounds_are_ten_thousand_by_default() {
    LimitSettings limits = limits();

    assertThat(limits.rateLimited()).isFalse();
    assertThat(limits.maxStreamsPerCaller()).isEqualTo(10_000);
    assertThat(limits.appendQueueMax()).isEqualTo(10_000);
  }

  @Test
  void each_flag_reaches_the_configuration_and_the_burst_defaults_to_one_second_of_the_rate() {
    LimitSettings limits = limits("--command-rate", "50", "--max-streams-per-caller", "7", "--append-queue-max", "9");

    assertThat(limits.commandRate()).isEqualTo(50);
    assertThat(limits.effectiveBurst()).isEqualTo(50);
    assertThat(limits.maxStreamsPerCaller()).isEqualTo(7);
    assertThat(limits.appendQueueMax()).isEqualTo(9);
    assertThat(limits("--command-rate", "50", "--command-burst", "200").effectiveBurst()).isEqualTo(200);
  }

  @Test
  void values_below_their_minimum_are_usage_errors() {
    assertThat(refusal("--command-rate", "-1")).startsWith("--command-rate must be 0 (off) or more, got -1");
    assertThat(refusal("--max-streams-per-caller", "0")).startsWith("--max-streams-per-caller must be 1 or more");
    assertThat(refusal("--append-queue-max", "0")).startsWith("--append-queue-max must be 1 or more");
  }

  private static LimitSettings limits(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().security().limits();
  }

}
