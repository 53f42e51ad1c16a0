package ledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.protobuf.Timestamp;
import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.grpc.ErrorDetails;
import ledger.readmodel.AccountView;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import ledger.v1.Balance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GetBalance without a token, and the errors every caller reads the same way from both kinds of client. */
class GetBalanceIT {

  private static final String PREFIX = TestInfra.freshPrefix("get_balance");
  private static QueryHarness harness;
  private static QueryNode node;
  private static ProjectionDouble projection;

  @BeforeAll
  static void start() {
    harness = QueryHarness.start(PREFIX, Duration.ofSeconds(5));
    node = harness.node;
    projection = harness.projection;
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_without_a_token_returns_every_field_of_the_view(QueryClient.Kind kind) {
    String account = "plain-" + kind;
    Instant updated = Instant.parse("2024-02-29T23:59:58.654321Z");
    projection.store(new AccountView(AccountId.of(account), -250, "EUR", AccountStatus.FROZEN, 500, 7, 4242, updated));

    Reply reply = harness.client(kind).getBalanceNow(account, null);

    assertThat(reply.answered()).as(reply.toString()).isTrue();
    assertThat(reply.balance()).isEqualTo(Balance.newBuilder()
        .setAccountId(account)
        .setBalanceMinor(-250)
        .setCurrency("EUR")
        .setStatus(ledger.v1.AccountStatus.FROZEN)
        .setVersion(7)
        .setGlobalPosition(4242)
        .setUpdatedAt(Timestamp.newBuilder().setSeconds(updated.getEpochSecond()).setNanos(654_321_000))
        .setOverdraftLimitMinor(500)
        .build());
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void an_unknown_account_is_not_found_with_its_id_in_the_error_info(QueryClient.Kind kind) {
    String account = "nobody-" + kind;

    Reply reply = harness.client(kind).getBalanceNow(account, null);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(reply.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
    assertThat(reply.info().getDomain()).isEqualTo(ErrorDetails.DOMAIN);
    assertThat(reply.metadata()).containsEntry("account_id", account);
    assertThat(reply.message()).contains(account);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_malformed_account_id_is_an_invalid_argument(QueryClient.Kind kind) {
    for (String malformed : List.of("", "has space", "semi;colon", "x".repeat(65), "ünïcode")) {
      Reply reply = harness.client(kind).getBalanceNow(malformed, null);

      assertThat(reply.status()).as("account id \"%s\": %s", malformed, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("account id \"%s\"", malformed).isEqualTo("INVALID_ACCOUNT_ID");
      assertThat(reply.message()).as("account id \"%s\"", malformed).isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_malformed_token_is_an_invalid_argument_and_is_not_waited_on(QueryClient.Kind kind) {
    String account = "token-owner-" + kind;
    projection.store(ProjectionDouble.accountAt(account, 1));
    String valid = Tokens.versionToken(account, 1, new Checkpoint(5, 5));
    List<String> malformed = List.of("not-a-token", "v1.", "v1.!!!", "v2." + valid.substring(3),
        valid + "AAAA", valid.substring(0, valid.length() - 4), "v1." + "A".repeat(5000));

    for (String token : malformed) {
      Reply reply = harness.client(kind).getBalanceNow(account, token);

      assertThat(reply.status()).as("token \"%s\": %s", token, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("token \"%s\"", token).isEqualTo("INVALID_TOKEN");
      assertThat(reply.elapsedMillis()).as("token \"%s\" answered at once", token).isLessThan(2_000);
    }
    assertThat(harness.client(kind).getBalanceNow(account, valid).version()).as("the valid token works").isEqualTo(1);
  }
}
