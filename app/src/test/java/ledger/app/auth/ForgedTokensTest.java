package ledger.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import ledger.app.TestIssuer;
import ledger.app.auth.AuthObserver.Outcome;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.CallGate;
import ledger.grpc.Caller;
import ledger.grpc.Scopes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The gate against tokens that do not verify: a refusal is remembered, and a peer that fails
 * too often is refused RATE_LIMITED without a verification, while tokens that verified, and
 * other peers, pass. Verifications are counted through the gate's observer (the metrics').
 */
class ForgedTokensTest {

  private static final TestIssuer issuer = new TestIssuer();
  private static final Vertx vertx = Vertx.vertx();
  private static final String ATTACKER = "10.0.0.66";
  private static final String HONEST = "10.0.0.7";

  private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Clock clock = Clock.systemUTC();

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private JwtCallGates gates(FailedAuthLimit failures) {
    return new JwtCallGates(new TokenVerifier(vertx, issuer.settings(), clock), 30, clock, failures,
        outcome -> outcomes.merge(outcome, 1, Integer::sum));
  }

  private FailedAuthLimit failures(long rate, long burst) {
    TimeMeter meter = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return nanos.get();
      }

      @Override
      public boolean isWallClockBased() {
        return false;
      }
    };
    return new FailedAuthLimit(rate, burst, 100, meter, nanos::get);
  }

  @Test
  void the_same_forged_token_sent_again_is_answered_the_same_without_a_new_verification() {
    CallGate gate = gates(null).requiring(Scopes.READ);
    String forged = TestIssuer.forgedEs256(TestIssuer.claims());

    LedgerException first = refusal(gate, forged, ATTACKER);
    for (int i = 0; i < 5; i++) {
      LedgerException again = refusal(gate, forged, ATTACKER);
      assertThat(again.reason()).isEqualTo(Reason.TOKEN_INVALID);
      assertThat(again.getMessage()).isEqualTo(first.getMessage());
    }

    assertThat(first.reason()).isEqualTo(Reason.TOKEN_INVALID);
    assertThat(outcomes).containsEntry(Outcome.REFUSED, 1).containsEntry(Outcome.REFUSAL_REMEMBERED, 5);
  }

  @Test
  void a_peer_past_its_failures_is_refused_rate_limited_unchecked_while_its_verified_token_and_other_peers_pass() {
    CallGate gate = gates(failures(20, 3)).requiring(Scopes.READ);
    String verifiedBefore = es256();
    gate.admit(bearer(verifiedBefore), Caller.anonymous(ATTACKER));
    String remembered = TestIssuer.forgedEs256(TestIssuer.claims());
    assertThat(refusal(gate, remembered, ATTACKER).reason()).isEqualTo(Reason.TOKEN_INVALID);
    for (int i = 0; i < 2; i++) {
      assertThat(refusal(gate, TestIssuer.forgedEs256(TestIssuer.claims()), ATTACKER).reason())
          .isEqualTo(Reason.TOKEN_INVALID);
    }

    LedgerException limited = refusal(gate, TestIssuer.forgedEs256(TestIssuer.claims()), ATTACKER);
    String fresh = es256();
    LedgerException freshLimited = refusal(gate, fresh, ATTACKER);

    assertThat(limited.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(limited.rejection().details()).containsEntry("retry_after_ms", "50")
        .containsEntry("limit", "auth_failures");
    assertThat(limited.retryAfter()).contains(Duration.ofMillis(50));
    assertThat(freshLimited.reason()).as("a token not verified before waits too").isEqualTo(Reason.RATE_LIMITED);
    assertThat(outcomes).containsEntry(Outcome.REFUSED, 3).containsEntry(Outcome.PEER_OVER_LIMIT, 2)
        .containsEntry(Outcome.VERIFIED, 1);
    // Tokens seen before cost no verification, so the limit does not touch them.
    assertThat(gate.admit(bearer(verifiedBefore), Caller.anonymous(ATTACKER)).subject()).isEqualTo("svc-payments");
    assertThat(refusal(gate, remembered, ATTACKER).reason()).isEqualTo(Reason.TOKEN_INVALID);
    assertThat(gate.admit(bearer(es256()), Caller.anonymous(HONEST)).subject()).isEqualTo("svc-payments");

    nanos.addAndGet(Duration.ofMillis(50).toNanos());
    assertThat(gate.admit(bearer(fresh), Caller.anonymous(ATTACKER)).subject()).as("after the hint")
        .isEqualTo("svc-payments");
    assertThat(outcomes).containsEntry(Outcome.REFUSED, 3).containsEntry(Outcome.VERIFIED, 3);
  }

  @Test
  void new_keys_forget_the_refusals_of_the_old_ones() {
    TestIssuer next = new TestIssuer();
    JwtCallGates gates = gates(null);
    CallGate gate = gates.requiring(Scopes.READ);
    String signedByTheNextKey = next.es256(vertx, TestIssuer.claims());
    assertThat(refusal(gate, signedByTheNextKey, HONEST).reason()).isEqualTo(Reason.TOKEN_INVALID);
    assertThat(refusal(gate, signedByTheNextKey, HONEST).reason()).isEqualTo(Reason.TOKEN_INVALID);

    gates.replaceKeys(new TokenVerifier(vertx, next.settings(), clock));

    assertThat(gate.admit(bearer(signedByTheNextKey), Caller.anonymous(HONEST)).subject()).isEqualTo("svc-payments");
  }

  private static String es256() {
    // A claim of its own makes each token another string, so none is in the cache yet.
    return issuer.es256(vertx, TestIssuer.claims().put("jti", Long.toString(System.nanoTime())));
  }

  private static LedgerException refusal(CallGate gate, String token, String peer) {
    LedgerException refused = catchThrowableOfType(LedgerException.class,
        () -> gate.admit(bearer(token), Caller.anonymous(peer)));
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token);
  }
}
