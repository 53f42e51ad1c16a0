package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.junit.jupiter.api.Test;

/** Token buckets per caller, on a clock the test moves. */
class CommandRateLimitTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TimeMeter clock = new TimeMeter() {
    @Override
    public long currentTimeNanos() {
      return now.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  };

  private CommandRateLimit limit(long rate, long burst, long maxCallers) {
    return new CommandRateLimit(rate, burst, maxCallers, clock, now::get);
  }

  @Test
  void the_burst_passes_then_the_next_command_is_refused_with_the_time_until_a_token_is_back() {
    CommandRateLimit limit = limit(10, 3, 100);
    Caller caller = Caller.anonymous("10.0.0.1");

    for (int i = 0; i < 3; i++) {
      assertThat(limit.tryAcquire(caller)).isNull();
    }
    LedgerException refused = limit.tryAcquire(caller);

    assertThat(refused.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(refused.rejection().details()).containsEntry("retry_after_ms", "100")
        .containsEntry("rate_per_second", "10").containsEntry("burst", "3");
    assertThat(refused.retryAfter()).contains(Duration.ofMillis(100));
  }

  @Test
  void a_refusal_takes_no_token_and_the_command_passes_exactly_when_the_hint_says() {
    CommandRateLimit limit = limit(10, 1, 100);
    Caller caller = Caller.anonymous("10.0.0.1");
    assertThat(limit.tryAcquire(caller)).isNull();

    now.addAndGet(Duration.ofMillis(40).toNanos());
    assertThat(limit.tryAcquire(caller).retryAfter()).contains(Duration.ofMillis(60));
    now.addAndGet(Duration.ofMillis(59).toNanos());
    assertThat(limit.tryAcquire(caller).retryAfter()).contains(Duration.ofMillis(1));
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(limit.tryAcquire(caller)).isNull();
  }

  @Test
  void subjects_and_peers_are_callers_of_their_own() {
    CommandRateLimit limit = limit(1, 1, 100);
    Caller alice = new Caller("alice", "10.0.0.1");
    Caller bob = new Caller("bob", "10.0.0.1");
    Caller anonymous = Caller.anonymous("10.0.0.1");
    Caller elsewhere = Caller.anonymous("10.0.0.2");

    for (Caller caller : new Caller[] {alice, bob, anonymous, elsewhere}) {
      assertThat(limit.tryAcquire(caller)).as(caller.limitKey()).isNull();
    }
    for (Caller caller : new Caller[] {alice, bob, anonymous, elsewhere}) {
      assertThat(limit.tryAcquire(caller)).as(caller.limitKey()).isNotNull();
    }
  }

  @Test
  void a_bucket_is_forgotten_once_idle_long_enough_to_be_full_again() {
    CommandRateLimit limit = limit(10, 5, 100_000);
    for (int i = 0; i < 1_000; i++) {
      limit.tryAcquire(Caller.anonymous("10.0." + i / 256 + "." + i % 256));
    }
    assertThat(limit.callers()).isEqualTo(1_000);

    now.addAndGet(Duration.ofMillis(499).toNanos());
    assertThat(limit.callers()).as("not yet full again").isEqualTo(1_000);
    now.addAndGet(Duration.ofMillis(2).toNanos());
    assertThat(limit.callers()).isZero();
  }

  @Test
  void a_flood_of_new_callers_is_held_to_the_most_callers_kept() {
    CommandRateLimit limit = limit(10, 5, 100);
    for (int i = 0; i < 10_000; i++) {
      limit.tryAcquire(Caller.anonymous("peer-" + i));
    }
    assertThat(limit.callers()).isLessThanOrEqualTo(100);
  }
}
