package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.5);

  @Test
  void each_wait_lies_between_half_and_all_of_its_step_which_doubles_up_to_the_maximum() {
    long[] steps = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
    for (int attempt = 1; attempt <= steps.length; attempt++) {
      long step = steps[attempt - 1];
      assertThat(backoff.delay(attempt, null, 0.0)).as("attempt %d, no jitter", attempt).hasMillis(step);
      assertThat(backoff.delay(attempt, null, 0.999_999).toMillis()).as("attempt %d, most jitter", attempt)
          .isBetween(step / 2 - 1, step / 2);
    }
  }

  @Test
  void no_attempt_however_late_waits_longer_than_the_maximum() {
    for (int attempt : new int[] {10, 100, 10_000, Integer.MAX_VALUE}) {
      assertThat(backoff.delay(attempt, null, 0.0)).as("attempt %d", attempt).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void random_draws_spread_the_waits_over_the_jitter_range() {
    assertThat(backoff.delay(3, null, 0.25)).hasMillis(350);
    assertThat(backoff.delay(3, null, 0.75)).hasMillis(250);
  }

  @Test
  void a_servers_retry_delay_is_a_floor_the_wait_never_goes_under() {
    assertThat(backoff.delay(1, Duration.ofSeconds(2), 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(1, Duration.ofSeconds(30), 0.5)).as("above the maximum too: the server knows")
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(6, Duration.ofMillis(10), 0.0)).as("a shorter hint changes nothing").hasMillis(3200);
  }

  @Test
  void a_backoff_that_would_not_wait_or_would_shrink_is_refused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 2, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
