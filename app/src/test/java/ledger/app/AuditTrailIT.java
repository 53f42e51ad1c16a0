package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import com.google.protobuf.Message;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import ledger.command.CommandConfig;
import ledger.command.CommandHandler;
import ledger.command.CommandObserver;
import ledger.command.CommandRequest;
import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.domain.LedgerCommand;
import ledger.domain.Transfer;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.HistoryEntry;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.TransferRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who moved this money, answered from the event store alone: commands executed by callers
 * with subjects (through the command handler, as the gRPC layer hands them over once it
 * authenticates callers), read back by GetHistory over both kinds of client, by
 * {@code ./ledger history} and by plain SQL.
 */
class AuditTrailIT {

  private static final String PAYROLL = "svc-payroll";
  private static final String PAYMENTS = "CN=payments,O=Acme";

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture();

  @BeforeAll
  static void story() {
    CommandServiceGrpc.CommandServiceBlockingStub anonymous = CommandServiceGrpc.newBlockingStub(ledger.channel);
    anonymous.openAccount(OpenAccountRequest.newBuilder().setCommandId("trail-open-a").setAccountId("trail-a")
        .setCurrency("USD").build());
    anonymous.openAccount(OpenAccountRequest.newBuilder().setCommandId("trail-open-b").setAccountId("trail-b")
        .setCurrency("USD").build());
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(ledger.database)
        .using(ledger.clientVertx).build();
    try {
      CommandConfig config = CommandConfig.defaults();
      PgEventStore store = new PgEventStore(pool);
      SnapshotStore snapshots = new SnapshotStore(pool);
      CommandHandler handler = new CommandHandler(ledger.clientVertx, store,
          new AccountLoader(store, snapshots, config.readPageSize()), snapshots, null, config, CommandObserver.NONE);
      DepositRequest deposit = DepositRequest.newBuilder().setCommandId("trail-dep").setAccountId("trail-a")
          .setAmountMinor(5_000).setCurrency("USD").setReference("salary").build();
      execute(handler, PAYROLL, "Deposit", "trail-dep", deposit,
          new Deposit(AccountId.of("trail-a"), 5_000, Currency.of("USD"), "salary", OptionalLong.empty()));
      TransferRequest transfer = TransferRequest.newBuilder().setCommandId("trail-t").setFromAccountId("trail-a")
          .setToAccountId("trail-b").setAmountMinor(1_250).setCurrency("USD").setReference("rent").build();
      execute(handler, PAYMENTS, "Transfer", "trail-t", transfer,
          new Transfer(AccountId.of("trail-a"), AccountId.of("trail-b"), 1_250, Currency.of("USD"), "rent"));
    } finally {
      await(pool.close());
    }
    anonymous.deposit(DepositRequest.newBuilder().setCommandId("trail-dep-anon").setAccountId("trail-b")
        .setAmountMinor(1).setCurrency("USD").build());
  }

  @Test
  void get_history_names_who_asked_for_each_event_from_grpc_java_and_vertx_clients() {
    List<String> a = List.of("", PAYROLL, PAYMENTS);
    List<String> b = List.of("", PAYMENTS, "");

    assertThat(subjects(QueryServiceGrpc.newBlockingStub(ledger.channel).getHistory(history("trail-a"))
        .getEventsList())).isEqualTo(a);
    assertThat(subjects(QueryServiceGrpc.newBlockingStub(ledger.channel).getHistory(history("trail-b"))
        .getEventsList())).isEqualTo(b);
    assertThat(subjects(await(ledger.vertxClient.unary(QueryServiceGrpcClient.GetHistory, history("trail-a")))
        .getEventsList())).isEqualTo(a);
    assertThat(subjects(await(ledger.vertxClient.unary(QueryServiceGrpcClient.GetHistory, history("trail-b")))
        .getEventsList())).isEqualTo(b);
  }

  @Test
  void ledger_history_shows_a_by_column_with_a_dash_for_the_anonymous_caller() {
    CliRun run = CliRun.of(ledger, "history", "trail-b");

    assertThat(run.exit()).as("%s", run.lines()).isZero();
    assertThat(masked(run.lines())).containsExactly(
        "VERSION  RECORDED (UTC)           EVENT                     AMOUNT         BALANCE  BY                  DETAIL",
        "      1  (when)                   AccountOpened                               0.00  -                   opened in USD",
        "      2  (when)                   TransferReceived          +12.50           12.50  CN=payments,O=Acme  from trail-a: rent",
        "      3  (when)                   MoneyDeposited             +0.01           12.51  -");
  }

  @Test
  void ledger_history_of_an_account_nobody_authenticated_for_has_no_by_column() {
    CommandServiceGrpc.newBlockingStub(ledger.channel).openAccount(OpenAccountRequest.newBuilder()
        .setCommandId("trail-open-c").setAccountId("trail-c").setCurrency("USD").build());

    CliRun run = CliRun.of(ledger, "history", "trail-c");

    assertThat(masked(run.lines())).containsExactly(
        "VERSION  RECORDED (UTC)           EVENT                     AMOUNT         BALANCE  DETAIL",
        "      1  (when)                   AccountOpened                               0.00  opened in USD");
  }

  @Test
  void an_auditor_finds_who_moved_money_with_plain_sql() {
    // The queries docs/security.md gives.
    List<Row> rows = ledger.audit().query("""
        SELECT stream_id, stream_version, event_type, payload->>'amount_minor' AS amount,
               metadata->>'subject' AS subject, metadata->>'command_id' AS command_id, recorded_at
        FROM ledger.events
        WHERE metadata->>'subject' = $1
        ORDER BY global_position""", PAYMENTS);

    assertThat(rows).extracting(row -> row.getString("stream_id") + " v" + row.getLong("stream_version") + " "
            + row.getString("event_type") + " " + row.getString("amount") + " " + row.getString("command_id"))
        .containsExactly("trail-a v3 TransferSent 1250 trail-t", "trail-b v2 TransferReceived 1250 trail-t");
    assertThat(ledger.audit().query("""
        SELECT command_id, command_type, versions, recorded_at
        FROM ledger.commands WHERE subject = $1 ORDER BY recorded_at""", PAYMENTS))
        .extracting(row -> row.getString("command_id") + " " + row.getString("command_type"))
        .containsExactly("trail-t Transfer");
  }

  /** What CommandApi hands the handler for {@code request} from a caller authenticated as {@code subject}. */
  private static void execute(CommandHandler handler, String subject, String type, String commandId, Message request,
                              LedgerCommand command) {
    await(handler.execute(new CommandRequest(CommandId.of(commandId), type,
        CommandRequest.fingerprint(type, request.toByteArray()), "audit-trail", subject, command)));
  }

  /** The lines with each recorded time (23 characters) shown as "(when)", padded to the same width. */
  private static List<String> masked(List<String> lines) {
    return lines.stream()
        .map(line -> line.replaceFirst("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}", "(when)                 "))
        .toList();
  }

  private static GetHistoryRequest history(String account) {
    return GetHistoryRequest.newBuilder().setAccountId(account).build();
  }

  private static List<String> subjects(List<HistoryEntry> entries) {
    return entries.stream().map(HistoryEntry::getSubject).toList();
  }
}
