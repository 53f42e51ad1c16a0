package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import ledger.app.server.Role;
import ledger.domain.AccountId;
import ledger.readmodel.Partitioning;
import ledger.testkit.TestInfra;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;
import ledger.v1.ViewDifference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AdminService over partitioned views (--projection-partitions 4), through a whole process,
 * both kinds of gRPC client and the CLI: status per partition, audits of each account in its
 * partition, an account's rebuild in its partition, and a full rebuild of every partition.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionedAdminIT {

  private static final int PARTITIONS = 4;

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture(EnumSet.of(Role.COMMAND, Role.PROJECTION), PARTITIONS);

  private static Partitioning partitioning;
  private static final List<String> ACCOUNTS = IntStream.range(0, 12).mapToObj(i -> "pa-" + i).toList();

  @BeforeAll
  static void accountsInEveryPartition() {
    partitioning = new Partitioning(ledger.keyPrefix, PARTITIONS);
    assertThat(ACCOUNTS.stream().map(id -> partitioning.of(AccountId.of(id))).distinct().count()).isEqualTo(PARTITIONS);
    for (String account : ACCOUNTS) {
      await(ledger.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
      await(ledger.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
          .setCommandId(account + "-d").setAccountId(account).setAmountMinor(700).setCurrency("USD").build()));
    }
    eventually(() -> assertThat(viaVertx().getPartitionsList()).allSatisfy(p -> assertThat(p.getLagEvents()).isZero()));
  }

  @Test
  @Order(1)
  void status_names_each_partition_with_its_own_writer_checkpoint_and_generation() {
    for (ProjectionStatus status : List.of(viaGrpcJava(), viaVertx())) {
      assertThat(status.getPartitionsList()).extracting(PartitionStatus::getPartition).containsExactly(0, 1, 2, 3);
      assertThat(status.getPartitionsList()).allSatisfy(partition -> {
        assertThat(partition.hasActiveWriter()).as("writer of %d", partition.getPartition()).isTrue();
        assertThat(partition.getActiveWriter().getApplicationName()).startsWith("ledger-projection pid");
        assertThat(partition.getCheckpointPosition()).isEqualTo(partition.getHeadPosition());
        assertThat(partition.getGeneration()).isZero();
      });
      // four locks, four backends
      assertThat(status.getPartitionsList()).extracting(p -> p.getActiveWriter().getPid()).doesNotHaveDuplicates();
    }
    CliRun cli = CliRun.of(ledger, "status");
    assertThat(cli.exit()).isZero();
    assertThat(cli.lines()).filteredOn(line -> line.startsWith("partition ")).hasSize(PARTITIONS);
    assertThat(cli.lines()).filteredOn(line -> line.startsWith("  writer: pid")).hasSize(PARTITIONS);
  }

  @Test
  @Order(2)
  void verify_audits_each_account_in_its_partition_and_a_view_found_only_in_another_is_missing() {
    for (List<VerifyProjectionUpdate> audit : List.of(verifyViaGrpcJava(""), verifyViaVertx(""))) {
      assertThat(audit).hasSize(1);
      assertThat(audit.get(0).getSummary().getDifferences()).isZero();
      assertThat(audit.get(0).getSummary().getAccountsChecked()).isEqualTo(ACCOUNTS.size());
      assertThat(audit.get(0).getSummary().getEventsReplayed()).isEqualTo(2L * ACCOUNTS.size());
    }
    AccountId moved = AccountId.of(ACCOUNTS.get(0));
    int home = partitioning.of(moved);
    int elsewhere = (home + 1) % PARTITIONS;
    Redis redis = Redis.createClient(ledger.clientVertx, TestInfra.redisOptions());
    try {
      await(redis.send(Request.cmd(Command.RENAME).arg(partitioning.keys(home).account(moved))
          .arg(partitioning.keys(elsewhere).account(moved))));
    } finally {
      redis.close();
    }

    for (List<VerifyProjectionUpdate> audit : List.of(verifyViaGrpcJava(""), verifyViaVertx(""),
        verifyViaVertx(moved.value()))) {
      List<ViewDifference> differences = audit.stream().filter(VerifyProjectionUpdate::hasDifference)
          .map(VerifyProjectionUpdate::getDifference).toList();
      assertThat(differences).extracting(ViewDifference::getAccountId, ViewDifference::getKind)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(moved.value(), ViewDifference.Kind.MISSING));
    }
    assertThat(CliRun.of(ledger, "verify").exit()).isEqualTo(4);
  }

  @Test
  @Order(3)
  void rebuilding_an_account_rebuilds_its_view_in_its_partition() {
    String account = ACCOUNTS.get(0);
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
    try {
      await(ledger.vertxClient.serverStream(AdminServiceGrpcClient.RebuildProjection,
          RebuildProjectionRequest.newBuilder().setAccountId(account).build(), progress::add));
    } catch (AssertionError unanswered) {
      // what came tells a lost end of stream (REPLAYING came) from a call the server never answered
      throw new AssertionError("the rebuild of " + account + " did not end; it sent " + progress, unanswered);
    }
    assertThat(progress).last().satisfies(done -> {
      assertThat(done.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
      assertThat(done.getVersion()).isEqualTo(2);
    });
    assertThat(CliRun.of(ledger, "rebuild", "--account", ACCOUNTS.get(1)).exit()).isZero();

    List<VerifyProjectionUpdate> audit = verifyViaGrpcJava("");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).getSummary().getDifferences()).isZero();
  }

  @Test
  @Order(4)
  void a_full_rebuild_rebuilds_every_partition_in_parallel_each_reporting_its_own_progress() {
    CliRun cli = CliRun.of(ledger, "rebuild");
    assertThat(cli.exit()).as("%s", cli.lines()).isZero();
    for (int p = 0; p < PARTITIONS; p++) {
      String partition = "partition " + p + " of " + PARTITIONS;
      assertThat(cli.lines()).anySatisfy(line -> assertThat(line)
          .startsWith("rebuilt the views of " + partition + " as generation 1:"));
    }
    assertThat(viaVertx().getPartitionsList()).allSatisfy(p -> assertThat(p.getGeneration()).isEqualTo(1));

    List<RebuildProgress> progress = new ArrayList<>();
    AdminServiceGrpc.newBlockingStub(ledger.channel).rebuildProjection(RebuildProjectionRequest.getDefaultInstance())
        .forEachRemaining(progress::add);
    List<RebuildProgress> done = progress.stream().filter(p -> p.getPhase() == RebuildProgress.Phase.DONE).toList();
    assertThat(done).extracting(RebuildProgress::getPartition).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(done).allSatisfy(p -> {
      assertThat(p.getGeneration()).isEqualTo(2);
      assertThat(p.getPartitions()).isEqualTo(PARTITIONS);
    });
    assertThat(viaGrpcJava().getPartitionsList()).allSatisfy(p -> assertThat(p.getGeneration()).isEqualTo(2));
    List<VerifyProjectionUpdate> audit = verifyViaVertx("");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).getSummary().getDifferences()).isZero();
    assertThat(audit.get(0).getSummary().getAccountsChecked()).isEqualTo(ACCOUNTS.size());
  }

  @Test
  @Order(5)
  void status_exits_5_while_a_partition_has_no_writer() {
    PgConnection sql = await(PgConnection.connect(ledger.clientVertx, ledger.database));
    allowConnections(false);
    try {
      long key = partitioning.writerLock(3);
      try {
        // partition 3's writer loses its lock session, and cannot open another while connections are refused
        await(sql.preparedQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND objsubid = 1 AND classid::bigint = $1 AND objid::bigint = $2")
            .execute(Tuple.of(key >>> 32, key & 0xFFFF_FFFFL)));
      } finally {
        await(sql.close());
      }
      eventually(() -> {
        CliRun status = CliRun.of(ledger, "status");
        assertThat(status.exit()).as("%s", status.lines()).isEqualTo(5);
        assertThat(status.lines()).anySatisfy(line -> assertThat(line).startsWith("  writer: none"));
      });
    } finally {
      allowConnections(true);
    }
    eventually(() -> assertThat(CliRun.of(ledger, "status").exit()).isZero());
  }

  /** Whether PostgreSQL lets anyone open a connection to the process's database (open ones stay). */
  private static void allowConnections(boolean allow) {
    PgConnection admin = await(PgConnection.connect(ledger.clientVertx, TestInfra.pgOptions("postgres")));
    try {
      await(admin.query("ALTER DATABASE " + ledger.database.getDatabase() + " WITH ALLOW_CONNECTIONS " + allow)
          .execute());
    } finally {
      await(admin.close());
    }
  }

  private static ProjectionStatus viaGrpcJava() {
    return AdminServiceGrpc.newBlockingStub(ledger.channel).getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance());
  }

  private static ProjectionStatus viaVertx() {
    return await(ledger.vertxClient.unary(AdminServiceGrpcClient.GetProjectionStatus,
        GetProjectionStatusRequest.getDefaultInstance()));
  }

  private static List<VerifyProjectionUpdate> verifyViaGrpcJava(String account) {
    List<VerifyProjectionUpdate> updates = new ArrayList<>();
    Iterator<VerifyProjectionUpdate> stream = AdminServiceGrpc.newBlockingStub(ledger.channel)
        .verifyProjection(VerifyProjectionRequest.newBuilder().setAccountId(account).build());
    stream.forEachRemaining(updates::add);
    return updates;
  }

  private static List<VerifyProjectionUpdate> verifyViaVertx(String account) {
    List<VerifyProjectionUpdate> updates = new ArrayList<>();
    await(ledger.vertxClient.serverStream(AdminServiceGrpcClient.VerifyProjection,
        VerifyProjectionRequest.newBuilder().setAccountId(account).build(), updates::add));
    return updates;
  }
}
