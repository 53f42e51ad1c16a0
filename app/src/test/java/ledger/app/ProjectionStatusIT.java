package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import ledger.testkit.Waits;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GetProjectionStatus and {@code ./ledger status} tell an operator where the projection
 * stands, who writes it, and which transaction anywhere in the cluster holds the tail back.
 */
class ProjectionStatusIT {

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture();
  private static final Pattern OLDEST_SECONDS =
      Pattern.compile("(?m)^ledger_projection_tail_oldest_transaction_seconds\\{partition=\"0\"} (\\S+)$");

  @Test
  void a_caught_up_projection_shows_its_writer_and_no_lag() {
    CommandResult open = open("status-1");
    await(ledger.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
        .setAccountId("status-1").setConsistencyToken(open.getConsistencyToken()).build()));

    ProjectionStatus status = Waits.until("the projection caught up", Waits.EVENTUALLY, ProjectionStatusIT::viaGrpcJava,
        s -> s.getPartitions(0).getLagEvents() == 0);
    PartitionStatus partition = status.getPartitions(0);
    assertThat(status.getPartitionsCount()).isEqualTo(1);
    assertThat(partition.getCheckpointPosition()).isGreaterThanOrEqualTo(open.getGlobalPosition());
    assertThat(partition.getHeadPosition()).isGreaterThanOrEqualTo(partition.getCheckpointPosition());
    assertThat(partition.getLagMs()).isZero();
    assertThat(partition.getHeldEvents()).isZero();
    assertThat(partition.getActiveWriter().getPid()).isPositive();
    assertThat(partition.getActiveWriter().getApplicationName()).startsWith("ledger-projection pid ");
    assertThat(partition.getCheckpoint()).endsWith(":" + partition.getCheckpointPosition());
    assertThat(viaVertx().getPartitions(0).getActiveWriter()).isEqualTo(partition.getActiveWriter());

    CliRun cli = CliRun.of(ledger, "status");
    assertThat(cli.exit()).isZero();
    assertThat(cli.lines().get(0)).startsWith("partition 0: caught up at position ");
    assertThat(cli.lines().get(1)).startsWith("  writer: pid " + partition.getActiveWriter().getPid());
  }

  @Test
  void a_long_transaction_is_named_and_the_events_committed_after_it_wait_for_it() throws Exception {
    open("status-2");
    PgConnection reportJob = await(PgConnection.connect(ledger.clientVertx,
        new PgConnectOptions(ledger.database).addProperty("application_name", "report-job")));
    await(reportJob.query("BEGIN").execute());
    await(reportJob.query("SELECT pg_current_xact_id()").execute());
    CommandResult deposit = await(ledger.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("status-2-d").setAccountId("status-2").setAmountMinor(500).setCurrency("USD").build()));

    ProjectionStatus held = viaGrpcJava();
    assertThat(held.getPartitions(0).getLagEvents()).isGreaterThanOrEqualTo(1);
    assertThat(held.getPartitions(0).getHeldEvents()).isGreaterThanOrEqualTo(1);
    assertThat(held.getOldestTransaction().getPid()).isEqualTo(reportJob.processId());
    assertThat(held.getOldestTransaction().getApplicationName()).isEqualTo("report-job");
    assertThat(held.getOldestTransaction().getDatabase()).isEqualTo(ledger.database.getDatabase());
    assertThat(held.getOldestTransaction().getState()).isEqualTo("idle in transaction");
    Waits.until("the writer's gauge to see the open transaction", Waits.EVENTUALLY,
        ProjectionStatusIT::oldestTransactionSeconds, seconds -> seconds > 0);
    CliRun cli = CliRun.of(ledger, "status");
    assertThat(cli.exit()).isZero();
    assertThat(cli.lines().get(0)).contains(" held back by the oldest transaction");
    assertThat(cli.lines().get(2)).startsWith("oldest transaction: pid " + reportJob.processId() + " (report-job, role ")
        .contains("idle in transaction, open ");

    await(reportJob.query("ROLLBACK").execute());
    await(ledger.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
        .setAccountId("status-2").setConsistencyToken(deposit.getConsistencyToken()).build()));
    ProjectionStatus released = Waits.until("the projection caught up", Waits.EVENTUALLY,
        ProjectionStatusIT::viaGrpcJava, s -> s.getPartitions(0).getLagEvents() == 0);
    assertThat(released.getOldestTransaction().getPid()).isNotEqualTo(reportJob.processId());
    await(reportJob.close());
  }

  @Test
  void every_metric_the_operations_guide_alerts_on_is_exported() throws Exception {
    open("status-3");
    // a refused command: the errors-by-reason counter the guide names has a series once a call failed
    assertThatThrownBy(() -> await(ledger.vertxClient.unary(CommandServiceGrpcClient.OpenAccount,
        OpenAccountRequest.newBuilder().setCommandId("status-3-again").setAccountId("status-3").setCurrency("USD")
            .build())));
    String guide = Files.readString(Path.of("..", "docs", "operations.md"));
    Matcher named = Pattern.compile("ledger_[a-z_]+").matcher(guide);
    Set<String> names = new TreeSet<>();
    while (named.find()) {
      // a plaintext server has no certificate to report: k8s ServedMetricsIT checks those under TLS
      if (!named.group().startsWith("ledger_tls_")) {
        names.add(named.group());
      }
    }
    assertThat(names).hasSizeGreaterThan(4);
    Waits.eventually(() -> {
      String exported = metrics();
      assertThat(names).allSatisfy(name -> assertThat(exported).as("/metrics").contains("\n" + name));
      // each partition has its own writer, checkpoint and lag: the projection's meters say which
      assertThat(names).filteredOn(name -> name.startsWith("ledger_projection_")).allSatisfy(name ->
          assertThat(exported).as("/metrics").containsPattern("\n" + name + "(_bucket|_count)?\\{[^}]*partition=\"0\""));
    });
  }

  private static CommandResult open(String account) {
    return await(ledger.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
  }

  private static ProjectionStatus viaGrpcJava() {
    return AdminServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10))
        .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance());
  }

  private static ProjectionStatus viaVertx() {
    return await(ledger.vertxClient.unary(AdminServiceGrpcClient.GetProjectionStatus,
        GetProjectionStatusRequest.getDefaultInstance()));
  }

  private static double oldestTransactionSeconds() {
    Matcher gauge = OLDEST_SECONDS.matcher(metrics());
    return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
  }

  private static String metrics() {
    return ledger.http("/metrics").body();
  }
}
