package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.testkit.VertxUnary;
import ledger.testkit.Waits;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A poison event through a whole process: the account it belongs to answers VIEW_DEGRADED
 * (its open stream ends so), never its balance without the event; every other account reads
 * its own writes; status and readiness name it; once a release reads the event, `rebuild
 * --account` restores it and `verify` finds every view true.
 */
class PoisonEventIT {

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture();

  @Test
  void a_poison_event_parks_its_account_alone_until_a_release_that_reads_it_rebuilds_it() {
    deposit("poisoned", 100, open("poisoned"));
    CommandResult healthyOpened = open("healthy");
    Iterator<BalanceUpdate> watching = QueryServiceGrpc.newBlockingStub(ledger.channel)
        .withDeadlineAfter(Duration.ofSeconds(60))
        .streamBalance(StreamBalanceRequest.newBuilder().setAccountId("poisoned").build());
    assertThat(watching.next().getBalance().getVersion()).isEqualTo(2);
    Pool sql = PgBuilder.pool().connectingTo(ledger.database).using(ledger.clientVertx).build();

    insert(sql, "poisoned", 3, 99, 150);
    CommandResult healthy = deposit("healthy", 7, healthyOpened);

    assertThat(balance("healthy", healthy.getConsistencyToken()).answer().getBalanceMinor()).isEqualTo(7);
    Reply<Balance> degraded = Waits.until("the poisoned account's reads to answer VIEW_DEGRADED", Waits.EVENTUALLY,
        () -> balance("poisoned", ""), reply -> !reply.ok());
    assertThat(degraded.status()).isEqualTo(GrpcStatus.UNAVAILABLE);
    assertThat(degraded.reason()).isEqualTo("VIEW_DEGRADED");
    assertThat(degraded.metadata()).containsEntry("account_id", "poisoned");
    StatusRuntimeException ended = catchStatus(() -> watching.next());
    assertThat(ended.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcJava.errorInfo(ended).getReason()).isEqualTo("VIEW_DEGRADED");
    StatusRuntimeException refused = catchStatus(() -> CommandServiceGrpc.newBlockingStub(ledger.channel)
        .deposit(DepositRequest.newBuilder().setCommandId("poisoned-after").setAccountId("poisoned")
            .setAmountMinor(1).setCurrency("USD").build()));
    assertThat(GrpcJava.errorInfo(refused).getReason()).isEqualTo("EVENT_UNREADABLE");
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    StatusRuntimeException history = catchStatus(() -> QueryServiceGrpc.newBlockingStub(ledger.channel)
        .getHistory(GetHistoryRequest.newBuilder().setAccountId("poisoned").build()));
    assertThat(GrpcJava.errorInfo(history).getReason()).isEqualTo("EVENT_UNREADABLE");
    CliRun status = CliRun.of(ledger, "status");
    assertThat(status.lines()).anySatisfy(line -> assertThat(line).startsWith("  degraded: 1 account held at an"
        + " event this release cannot read: poisoned"));
    assertThat(get("/health/ready")).contains("\"degraded_accounts\":1");
    CliRun audit = CliRun.of(ledger, "verify");
    assertThat(audit.exit()).isEqualTo(4);
    assertThat(audit.lines()).anySatisfy(line -> assertThat(line).startsWith("DEGRADED poisoned: the view of account"
        + " poisoned is held back at an event the projection cannot read"));
    assertThat(audit.lines().get(audit.lines().size() - 1)).endsWith(": 1 view differs");
    CliRun tooEarly = CliRun.of(ledger, "rebuild", "--account", "poisoned");
    assertThat(tooEarly.exit()).isEqualTo(1);
    assertThat(tooEarly.lines().get(0)).startsWith("error: FAILED_PRECONDITION EVENT_UNREADABLE: the event of account"
        + " poisoned at version 3 cannot be read by this release");

    deployTheReleaseThatReads(sql, "poisoned", 3);
    CliRun rebuilt = CliRun.of(ledger, "rebuild", "--account", "poisoned");

    assertThat(rebuilt).isEqualTo(new CliRun(0, List.of("rebuilt poisoned from 3 events: its view is at version 3")));
    Reply<Balance> restored = balance("poisoned", "");
    assertThat(restored.answer().getBalanceMinor()).isEqualTo(150);
    assertThat(restored.answer().getVersion()).isEqualTo(3);
    CommandResult after = await(ledger.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("poisoned-healed").setAccountId("poisoned").setAmountMinor(1).setCurrency("USD").build()));
    assertThat(balance("poisoned", after.getConsistencyToken()).answer().getBalanceMinor()).isEqualTo(151);
    assertThat(CliRun.of(ledger, "verify").exit()).isZero();
    Waits.eventually(() -> assertThat(get("/health/ready")).contains("\"degraded_accounts\":0"));
    await(sql.close());
  }

  private static CommandResult open(String account) {
    return await(ledger.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
  }

  /** Deposits, then waits until the account's view holds it. */
  private static CommandResult deposit(String account, long amount, CommandResult before) {
    CommandResult done = await(ledger.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId(account + "-" + before.getGlobalPosition()).setAccountId(account).setAmountMinor(amount)
        .setCurrency("USD").build()));
    assertThat(balance(account, done.getConsistencyToken()).ok()).isTrue();
    return done;
  }

  private static Reply<Balance> balance(String account, String token) {
    try (VertxUnary client = new VertxUnary(ledger.clientVertx, ledger.grpcPort)) {
      return await(client.call(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder().setAccountId(account)
          .setConsistencyToken(token).build(), Duration.ofSeconds(10)));
    }
  }

  /** A deposit of 50 as a newer release writes it: schema version 99, which this release does not know. */
  private static void insert(Pool sql, String account, long version, int schemaVersion, long balanceAfter) {
    await(sql.preparedQuery("INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version,"
            + " payload, metadata) VALUES ($1, $2, 'MoneyDeposited', $3, $4::text::jsonb, '{}')")
        .execute(Tuple.of(account, version, schemaVersion, "{\"amount_minor\": 50, \"currency\": \"USD\","
            + " \"reference\": \"\", \"balance_after_minor\": " + balanceAfter + "}")));
  }

  /** As if the release that reads schema 99 were deployed: the row reads as this release's deposit. */
  private static void deployTheReleaseThatReads(Pool sql, String account, long version) {
    await(sql.withTransaction(tx -> tx.query("ALTER TABLE ledger.events DISABLE TRIGGER events_append_only").execute()
        .compose(off -> tx.preparedQuery("UPDATE ledger.events SET schema_version = 1"
            + " WHERE stream_id = $1 AND stream_version = $2").execute(Tuple.of(account, version)))
        .compose(updated -> tx.query("ALTER TABLE ledger.events ENABLE TRIGGER events_append_only").execute())));
  }

  private static StatusRuntimeException catchStatus(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  private static String get(String path) {
    return ledger.http(path).body();
  }
}
