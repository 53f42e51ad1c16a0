package ledger.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import ledger.app.TestIssuer;
import ledger.app.server.AuthSettings;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.CallGate;
import ledger.grpc.Caller;
import ledger.grpc.Scopes;
import ledger.testkit.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate on its own, on a clock the test moves: what it admits, what it caches, and for how long. */
class JwtCallGatesTest {

  private static final TestIssuer issuer = new TestIssuer();
  private static final Vertx vertx = Vertx.vertx();

  private final MovableClock clock = new MovableClock();
  private final TokenVerifier verifier = new TokenVerifier(vertx, issuer.settings(), clock);
  private final JwtCallGates gates = new JwtCallGates(verifier, 30, clock);

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void an_admitted_caller_is_named_by_its_token_and_carries_its_grant_whatever_the_connection_said() {
    String token = issuer.byHand(header(), TestIssuer.claims()
        .put("ledger_accounts", new JsonArray().add("tenant-7:*").add("fees")));

    Caller caller = gates.requiring(Scopes.READ).admit(bearer(token), new Caller("CN=some-client", "10.0.0.7"));

    assertThat(caller.subject()).isEqualTo("svc-payments");
    assertThat(caller.peerHost()).isEqualTo("10.0.0.7");
    assertThat(caller.scopes()).containsExactlyInAnyOrder(Scopes.READ, Scopes.WRITE, Scopes.ADMIN);
    caller.requireAccount(AccountId.of("tenant-7:alice"));
    caller.requireAccount(AccountId.of("fees"));
    assertThat(refusal(() -> caller.requireAccount(AccountId.of("tenant-70")))).isEqualTo(Reason.ACCOUNT_NOT_ALLOWED);
    assertThat(refusal(() -> caller.requireAccount(AccountId.of("fees2")))).isEqualTo(Reason.ACCOUNT_NOT_ALLOWED);
    assertThat(refusal(caller::requireEveryAccount)).isEqualTo(Reason.ACCOUNT_NOT_ALLOWED);
  }

  @Test
  void the_token_cache_keeps_a_token_that_verified_and_never_a_refused_one() {
    TokenCache cache = new TokenCache(100, 30, clock);
    AtomicInteger verifications = new AtomicInteger();
    String good = issuer.byHand(header(), TestIssuer.claims());

    for (int i = 0; i < 3; i++) {
      cache.get(good, token -> {
        verifications.incrementAndGet();
        return verifier.verify(token);
      });
    }
    String bad = TestIssuer.unsigned(TestIssuer.claims());
    for (int i = 0; i < 3; i++) {
      catchThrowableOfType(LedgerException.class, () -> cache.get(bad, token -> {
        verifications.incrementAndGet();
        return verifier.verify(token);
      }));
    }

    assertThat(verifications).hasValue(1 + 3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void a_cached_token_is_refused_as_expired_once_its_exp_and_the_skew_have_passed() {
    String token = issuer.byHand(header(), TestIssuer.claims().put("exp", TestIssuer.now() + 60));
    CallGate gate = gates.requiring(Scopes.WRITE);
    gate.admit(bearer(token), Caller.anonymous("127.0.0.1"));

    clock.advance(Duration.ofSeconds(60 + 29));
    gate.admit(bearer(token), Caller.anonymous("127.0.0.1"));
    clock.advance(Duration.ofSeconds(2));

    assertThat(refusal(() -> gate.admit(bearer(token), Caller.anonymous("127.0.0.1")))).isEqualTo(Reason.TOKEN_EXPIRED);
  }

  @Test
  void rotated_keys_are_taken_without_a_restart_and_a_removed_keys_tokens_stop_verifying(@TempDir Path dir)
      throws Exception {
    TestIssuer next = new TestIssuer();
    Path jwks = Files.copy(issuer.jwks, dir.resolve("jwks.json"));
    AuthSettings settings = AuthSettings.jwt(jwks, List.of(), TestIssuer.ISSUER, List.of(TestIssuer.AUDIENCE));
    JwtCallGates rotating = new JwtCallGates(new TokenVerifier(vertx, settings, clock), 30, clock);
    new KeyWatch(vertx, settings, clock, rotating::replaceKeys).start(Duration.ofMillis(50));
    CallGate gate = rotating.requiring(Scopes.READ);
    String oldKeys = issuer.byHand(header(), TestIssuer.claims());
    String newKeys = next.byHand(header(), TestIssuer.claims());
    gate.admit(bearer(oldKeys), Caller.anonymous(null));
    assertThat(refusal(() -> gate.admit(bearer(newKeys), Caller.anonymous(null)))).isEqualTo(Reason.TOKEN_INVALID);

    Files.copy(next.jwks, jwks, StandardCopyOption.REPLACE_EXISTING);

    Waits.until("the rotated key verifies", Waits.EVENTUALLY, () -> admits(gate, newKeys), admitted -> admitted);
    assertThat(refusal(() -> gate.admit(bearer(oldKeys), Caller.anonymous(null)))).isEqualTo(Reason.TOKEN_INVALID);
  }

  private static boolean admits(CallGate gate, String token) {
    try {
      gate.admit(bearer(token), Caller.anonymous(null));
      return true;
    } catch (LedgerException refused) {
      return false;
    }
  }

  @Test
  void a_missing_or_foreign_authorization_header_is_told_apart() {
    CallGate gate = gates.requiring(Scopes.READ);

    assertThat(refusal(() -> gate.admit(MultiMap.caseInsensitiveMultiMap(), Caller.anonymous(null))))
        .isEqualTo(Reason.TOKEN_MISSING);
    assertThat(refusal(() -> gate.admit(MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer "),
        Caller.anonymous(null)))).isEqualTo(Reason.TOKEN_MISSING);
    assertThat(refusal(() -> gate.admit(MultiMap.caseInsensitiveMultiMap().add("authorization", "Basic YTpi"),
        Caller.anonymous(null)))).isEqualTo(Reason.TOKEN_INVALID);
    assertThat(refusal(() -> gate.admit(bearer("x".repeat(JwtCallGates.MAX_TOKEN_CHARS + 1)),
        Caller.anonymous(null)))).isEqualTo(Reason.TOKEN_INVALID);
  }

  @Test
  void claims_of_the_wrong_type_are_refused_as_invalid_never_thrown_as_something_else() {
    for (var claims : List.of(TestIssuer.claims().put("exp", "tomorrow"), TestIssuer.claims().put("aud", 7),
        TestIssuer.claims().put("scope", 7), TestIssuer.claims().put("ledger_accounts", "tenant-7:*"),
        TestIssuer.claims().put("ledger_accounts", new JsonArray().add("tenant 7:*")),
        TestIssuer.claims().put("ledger_accounts", new JsonArray().add(7)),
        TestIssuer.claims().put("sub", 7), TestIssuer.claims().put("nbf", true))) {
      String token = issuer.byHand(header(), claims);

      assertThat(refusal(() -> verifier.verify(token))).as(claims.encode()).isEqualTo(Reason.TOKEN_INVALID);
    }
  }

  @Test
  void a_header_with_critical_extensions_is_refused_as_none_is_understood() {
    String token = issuer.byHand(header().put("crit", new JsonArray().add("b64")).put("b64", false),
        TestIssuer.claims());

    assertThat(refusal(() -> verifier.verify(token))).isEqualTo(Reason.TOKEN_INVALID);
    assertThat(catchThrowableOfType(LedgerException.class, () -> verifier.verify(token)))
        .hasMessageContaining("critical");
  }

  private static io.vertx.core.json.JsonObject header() {
    return new io.vertx.core.json.JsonObject().put("alg", "RS256").put("kid", TestIssuer.RSA_KID);
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token);
  }

  private static Reason refusal(Runnable call) {
    LedgerException refused = catchThrowableOfType(LedgerException.class, call::run);
    assertThat(refused).as("refused").isNotNull();
    return refused.reason();
  }

  /** Starts at the real time (the test's tokens are made from it) and moves only when told. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long millis() {
      return now.toEpochMilli();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
