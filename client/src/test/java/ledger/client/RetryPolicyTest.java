package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = RetryPolicy.of(6, Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void the_ceiling_doubles_from_the_initial_backoff_up_to_the_maximum() {
    assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.ceiling(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.ceiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.ceiling(60)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void full_jitter_spreads_pauses_over_zero_to_the_ceiling_and_never_past_it() {
    SplittableRandom random = new SplittableRandom(7);
    for (int retry = 1; retry <= 5; retry++) {
      Duration ceiling = policy.ceiling(retry);
      Duration shortest = ceiling;
      Duration longest = Duration.ZERO;
      for (int i = 0; i < 2_000; i++) {
        Duration pause = policy.pause(retry, null, random::nextDouble);
        assertThat(pause).isBetween(Duration.ZERO, ceiling);
        shortest = pause.compareTo(shortest) < 0 ? pause : shortest;
        longest = pause.compareTo(longest) > 0 ? pause : longest;
      }
      // Spread over the whole range, not bunched at one end: clients that failed together come back apart.
      assertThat(shortest).isLessThan(ceiling.multipliedBy(5).dividedBy(100));
      assertThat(longest).isGreaterThan(ceiling.multipliedBy(95).dividedBy(100));
    }
  }

  @Test
  void the_extremes_of_the_random_draw_give_the_ceiling_and_zero() {
    assertThat(policy.pause(3, null, () -> 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.pause(3, null, () -> Math.nextDown(1.0))).isLessThan(Duration.ofNanos(100));
  }

  @Test
  void partial_jitter_keeps_the_pause_within_its_fraction_below_the_ceiling() {
    RetryPolicy half = policy.withJitter(0.5);
    assertThat(half.pause(2, null, () -> Math.nextDown(1.0))).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
    assertThat(half.pause(2, null, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.withJitter(0).pause(2, null, () -> 0.9)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void a_server_retry_delay_is_a_floor_under_the_jittered_pause() {
    assertThat(policy.pause(1, Duration.ofMillis(700), () -> 0.0)).isEqualTo(Duration.ofMillis(700));
    assertThat(policy.pause(4, Duration.ofMillis(10), () -> 0.0)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void nonsense_policies_are_refused() {
    assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.of(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.ceiling(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
