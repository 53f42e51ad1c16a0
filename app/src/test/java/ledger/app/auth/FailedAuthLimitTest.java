package ledger.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.junit.jupiter.api.Test;

/** Failed authentications per peer address, on a clock the test moves. */
class FailedAuthLimitTest {

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

  private FailedAuthLimit limit(long rate, long burst) {
    return new FailedAuthLimit(rate, burst, 100, clock, now::get);
  }

  @Test
  void a_peer_may_fail_a_burst_then_is_refused_rate_limited_with_the_time_until_it_may_try_again() {
    FailedAuthLimit limit = limit(20, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(limit.tryVerify("10.0.0.1")).isNull();
    }

    LedgerException refused = limit.tryVerify("10.0.0.1");

    assertThat(refused.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(refused.rejection().details()).containsEntry("retry_after_ms", "50")
        .containsEntry("rate_per_second", "20").containsEntry("burst", "3").containsEntry("limit", "auth_failures");
    assertThat(refused.retryAfter()).contains(Duration.ofMillis(50));
    now.addAndGet(Duration.ofMillis(49).toNanos());
    assertThat(limit.tryVerify("10.0.0.1").retryAfter()).contains(Duration.ofMillis(1));
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(limit.tryVerify("10.0.0.1")).as("one token back after the hint").isNull();
  }

  @Test
  void verifications_that_succeed_give_their_token_back_so_only_failures_count() {
    FailedAuthLimit limit = limit(1, 2);

    for (int i = 0; i < 100; i++) {
      assertThat(limit.tryVerify("10.0.0.1")).isNull();
      limit.verified("10.0.0.1");
    }
    assertThat(limit.tryVerify("10.0.0.1")).isNull();
    assertThat(limit.tryVerify("10.0.0.1")).isNull();
    assertThat(limit.tryVerify("10.0.0.1")).isNotNull();
  }

  @Test
  void each_peer_address_has_a_bucket_of_its_own_and_an_unknown_one_shares_one() {
    FailedAuthLimit limit = limit(1, 1);
    assertThat(limit.tryVerify("10.0.0.1")).isNull();
    assertThat(limit.tryVerify("10.0.0.1")).isNotNull();

    assertThat(limit.tryVerify("10.0.0.2")).isNull();
    assertThat(limit.tryVerify(null)).isNull();
    assertThat(limit.tryVerify(null)).isNotNull();
  }
}
