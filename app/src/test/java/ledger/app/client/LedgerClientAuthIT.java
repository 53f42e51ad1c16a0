package ledger.app.client;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.vertx.core.json.JsonObject;
import ledger.app.ServerFixture;
import ledger.app.TestIssuer;
import ledger.client.BalanceWatch;
import ledger.client.CommandOutcome;
import ledger.client.LedgerClient;
import ledger.client.LedgerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LedgerClient's bearer JWT against a ledger with caller authentication on. */
class LedgerClientAuthIT {

  static final TestIssuer issuer = new TestIssuer();

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withAuth(issuer.settings())));

  @Test
  void a_bearer_token_from_the_supplier_goes_with_every_call_and_names_the_caller_in_the_history() {
    AtomicInteger asked = new AtomicInteger();
    String token = issuer.rs256(fixture.clientVertx, TestIssuer.claims());
    try (LedgerClient client = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
        .bearerToken(() -> {
          asked.incrementAndGet();
          return token;
        }).build()) {
      client.openAccount("jwt-1", "EUR");
      CommandOutcome deposit = client.deposit("jwt-1", 700, "EUR");

      assertThat(client.getBalance("jwt-1", deposit.consistencyToken()).balanceMinor()).isEqualTo(700);
      assertThat(client.getHistory("jwt-1", 1)).allSatisfy(entry -> assertThat(entry.getSubject())
          .isEqualTo("svc-payments"));
      assertThat(asked.get()).as("the supplier is asked per call, so a rotated token is used at once")
          .isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void no_token_an_expired_one_or_a_missing_scope_is_refused_once_and_typed() {
    JsonObject expired = TestIssuer.claims().put("exp", TestIssuer.now() - 600).put("iat", TestIssuer.now() - 900);
    JsonObject readOnly = TestIssuer.claims().put("scope", "ledger.read");
    try (LedgerClient anonymous = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort).build();
         LedgerClient stale = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
             .bearerToken(() -> issuer.rs256(fixture.clientVertx, expired)).build();
         LedgerClient reader = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
             .bearerToken(() -> issuer.rs256(fixture.clientVertx, readOnly)).build()) {
      LedgerException missing = catchThrowableOfType(() -> anonymous.openAccount("jwt-2", "EUR"), LedgerException.class);
      LedgerException old = catchThrowableOfType(() -> stale.openAccount("jwt-2", "EUR"), LedgerException.class);
      LedgerException scope = catchThrowableOfType(() -> reader.openAccount("jwt-2", "EUR"), LedgerException.class);

      assertThat(missing.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(missing.reason()).isEqualTo("TOKEN_MISSING");
      assertThat(old.reason()).isEqualTo("TOKEN_EXPIRED");
      assertThat(scope.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(scope.reason()).isEqualTo("MISSING_SCOPE");
      assertThat(missing.attempts() + old.attempts() + scope.attempts()).as("none retried").isEqualTo(3);
    }
  }

  @Test
  void a_balance_watch_of_the_client_streams_with_its_bearer_token() {
    String token = issuer.rs256(fixture.clientVertx, TestIssuer.claims());
    try (LedgerClient client = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
        .bearerToken(() -> token).build()) {
      client.openAccount("jwt-3", "EUR");
      CommandOutcome deposit = client.deposit("jwt-3", 250, "EUR");
      RecordingListener heard = new RecordingListener();
      BalanceWatch watch = client.watchBalance("jwt-3").afterToken(deposit.consistencyToken()).start(heard);
      try {
        until("the state after the deposit", Duration.ofSeconds(30), heard::lastVersion, v -> v == 2);
        client.deposit("jwt-3", 50, "EUR");
        until("the second deposit", Duration.ofSeconds(30), heard::lastVersion, v -> v == 3);
        assertThat(heard.updates()).last().satisfies(update -> {
          assertThat(update.getDeltaMinor()).isEqualTo(50);
          assertThat(update.getBalance().getBalanceMinor()).isEqualTo(300);
        });
        assertThat(heard.error()).as("no refusal: the token went with the stream").isNull();
      } finally {
        watch.close();
      }
    }
  }
}
