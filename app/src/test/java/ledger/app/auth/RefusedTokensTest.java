package ledger.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ledger.domain.Reason;
import ledger.domain.Rejection;
import org.junit.jupiter.api.Test;

/** Refusals remembered by token, for a while, and not too many. */
class RefusedTokensTest {

  private final AtomicLong nanos = new AtomicLong();
  private final RefusedTokens refused = new RefusedTokens(100, Duration.ofSeconds(60), nanos::get);
  private final Rejection expired = Rejection.of(Reason.TOKEN_EXPIRED, "the bearer token expired");

  @Test
  void a_refused_token_is_answered_with_its_refusal_and_only_that_token() {
    refused.remember("aaa.bbb.ccc", expired);

    assertThat(refused.known("aaa.bbb.ccc")).isEqualTo(expired);
    assertThat(refused.known("aaa.bbb.ccd")).isNull();
    assertThat(refused.known("aaa.bbb.cc")).isNull();
  }

  @Test
  void a_refusal_is_forgotten_after_the_time_it_is_remembered() {
    refused.remember("aaa.bbb.ccc", expired);

    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(refused.known("aaa.bbb.ccc")).isEqualTo(expired);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(refused.known("aaa.bbb.ccc")).isNull();
  }

  @Test
  void no_more_refusals_are_kept_than_its_bound() {
    for (int i = 0; i < 1000; i++) {
      refused.remember("forged." + i + ".sig", expired);
    }

    assertThat(refused.size()).isLessThanOrEqualTo(100);
  }
}
