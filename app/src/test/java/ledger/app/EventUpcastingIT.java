package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.sqlclient.Row;
import ledger.app.client.GrpcCallException;
import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.store.Checkpoint;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamVersion;
import ledger.v1.WithdrawRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AccountOpened rows in their first shape (schema version 1, from before overdrafts), stored
 * by plain SQL as an old release wrote them, are read, projected and replayed as the current
 * version. Each test stores an account of its own.
 */
class EventUpcastingIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();
  private static StoreAudit audit;
  private static CommandServiceGrpc.CommandServiceBlockingStub commands;
  private static QueryServiceGrpc.QueryServiceBlockingStub queries;

  @BeforeAll
  static void start() {
    audit = fixture.audit();
    commands = CommandServiceGrpc.newBlockingStub(fixture.channel);
    queries = QueryServiceGrpc.newBlockingStub(fixture.channel);
  }

  @Test
  void the_view_shows_a_v1_account_open_in_its_currency_with_no_overdraft() {
    storeV1Opened("legacy-view", new JsonObject().put("currency", "EUR"));

    Balance viewed = viewAtVersion1("legacy-view");

    assertThat(viewed.getStatus()).isEqualTo(AccountStatus.OPEN);
    assertThat(viewed.getCurrency()).isEqualTo("EUR");
    assertThat(viewed.getOverdraftLimitMinor()).isZero();
    assertThat(viewed.getBalanceMinor()).isZero();
    assertThat(viewed.getVersion()).isEqualTo(1);
    Row stored = audit.query("SELECT schema_version, payload::text AS payload FROM ledger.events"
        + " WHERE stream_id = $1", "legacy-view").get(0);
    assertThat(stored.getInteger("schema_version")).as("the row is upcast when read, never rewritten").isEqualTo(1);
    assertThat(new JsonObject(stored.getString("payload"))).isEqualTo(new JsonObject().put("currency", "EUR"));
  }

  @Test
  void history_reads_a_v1_row_as_account_opened() {
    storeV1Opened("legacy-history", new JsonObject().put("currency", "EUR"));

    GetHistoryResponse history = queries.getHistory(GetHistoryRequest.newBuilder().setAccountId("legacy-history")
        .build());

    assertThat(history.getEventsList()).singleElement().satisfies(entry -> {
      assertThat(entry.getEventType()).isEqualTo("AccountOpened");
      assertThat(entry.getVersion()).isEqualTo(1);
      assertThat(entry.getCurrency()).isEqualTo("EUR");
      assertThat(entry.getStatusAfter()).isEqualTo(AccountStatus.OPEN);
      assertThat(entry.getBalanceAfterMinor()).isZero();
      assertThat(entry.getCommandId()).isEqualTo("legacy-open-legacy-history");
    });
  }

  @Test
  void the_command_role_replays_a_v1_row_so_a_deposit_is_version_2_and_no_overdraft_is_allowed() {
    storeV1Opened("legacy-cmd", new JsonObject().put("currency", "EUR"));

    CommandResult deposited = commands.deposit(DepositRequest.newBuilder().setCommandId("legacy-cmd-dep")
        .setAccountId("legacy-cmd").setAmountMinor(1_000).setCurrency("EUR").build());

    assertThat(deposited.getVersionsList()).containsExactly(version("legacy-cmd", 2));
    assertThat(deposited.getEventsAppended()).isEqualTo(1);
    assertThatThrownBy(() -> await(fixture.vertxClient.unary(CommandServiceGrpcClient.Withdraw,
        withdraw("legacy-cmd-over", "legacy-cmd", 1_001))))
        .isInstanceOfSatisfying(GrpcCallException.class, e -> {
          assertThat(e.status()).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
          assertThat(e.reason()).isEqualTo("INSUFFICIENT_FUNDS");
          assertThat(e.metadata()).containsEntry("overdraft_limit_minor", "0").containsEntry("available_minor", "1000");
        });
    assertThatThrownBy(() -> await(fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest
        .newBuilder().setCommandId("legacy-cmd-usd").setAccountId("legacy-cmd").setAmountMinor(5)
        .setCurrency("USD").build())))
        .isInstanceOfSatisfying(GrpcCallException.class, e -> {
          assertThat(e.reason()).isEqualTo("CURRENCY_MISMATCH");
          assertThat(e.metadata()).containsEntry("account_currency", "EUR");
        });
    CommandResult emptied = commands.withdraw(withdraw("legacy-cmd-all", "legacy-cmd", 1_000));
    Balance viewed = queries.getBalance(GetBalanceRequest.newBuilder().setAccountId("legacy-cmd")
        .setConsistencyToken(emptied.getConsistencyToken()).build());
    assertThat(emptied.getVersionsList()).containsExactly(version("legacy-cmd", 3));
    assertThat(viewed.getBalanceMinor()).isZero();
    assertThat(viewed.getVersion()).isEqualTo(3);
    assertThat(viewed.getOverdraftLimitMinor()).isZero();
  }

  @Test
  void time_travel_to_version_1_of_a_v1_row_gives_the_opened_state() {
    long position = storeV1Opened("legacy-travel", new JsonObject().put("currency", "EUR"));
    commands.deposit(DepositRequest.newBuilder().setCommandId("legacy-travel-dep").setAccountId("legacy-travel")
        .setAmountMinor(250).setCurrency("EUR").build());

    Balance opened = queries.getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId("legacy-travel")
        .setVersion(1).build());
    Balance deposited = queries.getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId("legacy-travel")
        .setVersion(2).build());

    assertThat(opened.getVersion()).isEqualTo(1);
    assertThat(opened.getGlobalPosition()).isEqualTo(position);
    assertThat(opened.getStatus()).isEqualTo(AccountStatus.OPEN);
    assertThat(opened.getCurrency()).isEqualTo("EUR");
    assertThat(opened.getOverdraftLimitMinor()).isZero();
    assertThat(opened.getBalanceMinor()).isZero();
    assertThat(deposited.getBalanceMinor()).isEqualTo(250);
  }

  @Test
  void a_v1_row_that_already_carries_an_overdraft_limit_keeps_it() {
    storeV1Opened("legacy-overdraft", new JsonObject().put("currency", "EUR").put("overdraft_limit_minor", 500));

    Balance viewed = viewAtVersion1("legacy-overdraft");
    CommandResult overdrawn = commands.withdraw(withdraw("legacy-od-500", "legacy-overdraft", 500));

    assertThat(viewed.getOverdraftLimitMinor()).isEqualTo(500);
    assertThat(overdrawn.getVersionsList()).containsExactly(version("legacy-overdraft", 2));
    assertThatThrownBy(() -> await(fixture.vertxClient.unary(CommandServiceGrpcClient.Withdraw,
        withdraw("legacy-od-1", "legacy-overdraft", 1))))
        .isInstanceOfSatisfying(GrpcCallException.class, e -> {
          assertThat(e.reason()).isEqualTo("INSUFFICIENT_FUNDS");
          assertThat(e.metadata()).containsEntry("overdraft_limit_minor", "500");
        });
    assertThat(queries.getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId("legacy-overdraft").setVersion(1)
        .build()).getOverdraftLimitMinor()).isEqualTo(500);
    assertThat(queries.getBalance(GetBalanceRequest.newBuilder().setAccountId("legacy-overdraft")
        .setConsistencyToken(overdrawn.getConsistencyToken()).build()).getBalanceMinor()).isEqualTo(-500);
  }

  /**
   * Writes the account's first event as the first release did, then rings the projection's
   * doorbell the way a commit does; returns the row's global position.
   */
  private static long storeV1Opened(String account, JsonObject payload) {
    JsonObject metadata = new JsonObject().put("command_id", "legacy-open-" + account).put("correlation_id", "legacy");
    long position = audit.query("""
        INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
        VALUES ($1, 1, 'AccountOpened', 1, $2::text::jsonb, $3::text::jsonb)
        RETURNING global_position""", account, payload.encode(), metadata.encode()).get(0).getLong("global_position");
    audit.query("SELECT pg_notify('ledger_events', '')");
    return position;
  }

  /** GetBalance holding a token for version 1, the token the write of that row would have returned. */
  private static Balance viewAtVersion1(String account) {
    String token = new ConsistencyToken(Map.of(AccountId.of(account), 1L), Checkpoint.START).encode();
    return await(fixture.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
        .setAccountId(account).setConsistencyToken(token).build()));
  }

  private static WithdrawRequest withdraw(String commandId, String account, long amount) {
    return WithdrawRequest.newBuilder().setCommandId(commandId).setAccountId(account).setAmountMinor(amount)
        .setCurrency("EUR").build();
  }

  private static StreamVersion version(String account, long version) {
    return StreamVersion.newBuilder().setAccountId(account).setVersion(version).build();
  }
}
