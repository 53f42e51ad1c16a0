package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static ledger.testkit.Waits.throughout;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountId;
import ledger.readmodel.Partitioning;
import ledger.store.pg.AdvisoryLocks;
import ledger.store.pg.LocalWriters;
import ledger.testkit.GrpcJava;
import ledger.testkit.LoopbackGrpc;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.testkit.VertxUnary;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several projection processes (each on a Vert.x of its own) share the partitions: every
 * partition has exactly one writer, each process writes its share, and the partitions of a
 * process that leaves or dies are taken by the others.
 */
class PartitionSharingIT {

  private static final int PARTITIONS = 4;
  /** As for a single writer (SingleWriterIT), with room for a busy machine. */
  private static final Duration TAKEOVER = Duration.ofSeconds(5);
  /** As for a single writer (LockLivenessIT): the holder fences within 4 s, PostgreSQL drops it after 8 s. */
  private static final Duration SILENT_TAKEOVER = Duration.ofSeconds(15);

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  private Partitioning partitioning;

  @BeforeEach
  void freshViews() {
    fixture.freshPrefix();
    partitioning = fixture.partitioning(PARTITIONS);
  }

  @Test
  void two_processes_share_the_partitions_half_each_with_exactly_one_writer_per_partition() {
    RunningProjection first = fixture.start(config());
    RunningProjection second = fixture.start(config());

    eventually(() -> assertSharedByBoth(first, second));
    // several lock retries and share rounds (200 ms each) change nothing
    throughout(Duration.ofSeconds(1), () -> assertSharedByBoth(first, second));
    assertWritersAre(first, second);
    writeAndAssertViews("together");
  }

  @Test
  void a_process_started_second_is_handed_its_share_by_the_first() {
    RunningProjection first = fixture.start(config());
    eventually(() -> assertThat(first.verticle.leading()).containsExactly(0, 1, 2, 3));
    // alone, the first process's commits need no NOTIFY: its own tails hear them on the event bus
    eventually(() -> assertThat(LocalWriters.of(first.vertx).everyPartition()).isTrue());
    RunningProjection second = fixture.start(config());

    eventually(() -> assertSharedByBoth(first, second));
    throughout(Duration.ofSeconds(1), () -> assertSharedByBoth(first, second));
    // shared, each process's commits are announced to the other's tails again
    assertThat(LocalWriters.of(first.vertx).everyPartition()).isFalse();
    assertThat(LocalWriters.of(second.vertx).everyPartition()).isFalse();
    assertWritersAre(first, second);
    writeAndAssertViews("second");
  }

  @Test
  void when_a_process_stops_the_other_takes_its_partitions_within_the_takeover_bound() {
    RunningProjection stays = fixture.start(config());
    RunningProjection leaves = fixture.start(config());
    eventually(() -> assertSharedByBoth(stays, leaves));
    writeAndAssertViews("before-stop");

    LocalWriters leaving = LocalWriters.of(leaves.vertx);
    assertThat(leaving.writing()).isEqualTo(leaves.verticle.leading().size()).isPositive();
    long stoppedAt = System.nanoTime();
    leaves.stop();

    eventually(TAKEOVER, () -> assertThat(stays.verticle.leading()).containsExactly(0, 1, 2, 3));
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(TAKEOVER);
    assertThat(leaving.writing()).as("counted out as it stopped").isZero();
    eventually(() -> assertThat(LocalWriters.of(stays.vertx).everyPartition()).isTrue());
    writeAndAssertViews("after-stop");
  }

  @Test
  void when_a_process_loses_its_connections_the_other_takes_its_partitions_within_the_takeover_bound() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection stays = fixture.start(config());
    RunningProjection cut = fixture.startThrough(relay, config());
    eventually(() -> assertSharedByBoth(stays, cut));
    writeAndAssertViews("before-cut");

    long cutAt = System.nanoTime();
    relay.cut();

    eventually(TAKEOVER, () -> assertThat(stays.verticle.leading()).containsExactly(0, 1, 2, 3));
    assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).isLessThan(TAKEOVER);
    eventually(() -> assertThat(cut.verticle.leading()).isEmpty());
    assertThat(LocalWriters.of(cut.vertx).writing()).isZero();
    assertWritersAre(stays);
    writeAndAssertViews("after-cut");
  }

  @Test
  void when_a_process_goes_silent_the_other_takes_its_partitions_only_after_it_stopped_writing() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection stays = fixture.start(config());
    RunningProjection silent = fixture.startThrough(relay, config());
    eventually(() -> assertSharedByBoth(stays, silent));
    writeAndAssertViews("before-silence");

    long silentAt = System.nanoTime();
    // a dropped route: no byte and no close on its connections, and no new one gets through
    relay.blackhole();
    relay.dropRequests();

    eventually(SILENT_TAKEOVER, () -> assertThat(stays.verticle.leading()).containsExactly(0, 1, 2, 3));
    assertThat(Duration.ofNanos(System.nanoTime() - silentAt)).isLessThan(SILENT_TAKEOVER);
    assertThat(silent.verticle.leading()).as("the silent process fenced itself").isEmpty();
    // and counted its partitions out as it did, so its commits were announced before the other wrote
    assertThat(LocalWriters.of(silent.vertx).writing()).isZero();
    long silentStopped = silent.observer.leadershipAt.get(silent.observer.leadershipAt.size() - 1);
    long staysTookOver = IntStream.range(0, stays.observer.leadership.size())
        .filter(i -> stays.observer.leadership.get(i) && stays.observer.leadershipAt.get(i) > silentAt)
        .mapToLong(i -> stays.observer.leadershipAt.get(i)).min().orElseThrow();
    assertThat(silentStopped).as("the silent process stopped writing before the other took over")
        .isLessThan(staysTookOver);
    assertWritersAre(stays);
    writeAndAssertViews("after-silence");
  }

  /**
   * Regression: the members session was checked without a fence and never replaced, so once
   * its connection went silent (and PostgreSQL ended the session), the process was never
   * counted again: each process counted one member and wanted every partition.
   */
  @Test
  void a_process_whose_members_connection_went_silent_joins_again_and_is_counted() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection stays = fixture.start(config());
    RunningProjection silent = fixture.startThrough(relay, config());
    eventually(() -> assertSharedByBoth(stays, silent));
    List<Integer> membersBefore = memberSessions();
    assertThat(membersBefore).as("member sessions").hasSize(2);

    assertThat(relay.blackholeConnectionsThatSent("pg_try_advisory_lock_shared")).as("members connections blackholed")
        .isEqualTo(1);
    // PostgreSQL ends the silent session (8 s of silence): only a new one can count the process again
    until("the silent members session ends", SILENT_TAKEOVER, PartitionSharingIT::memberSessions,
        now -> !now.containsAll(membersBefore));

    eventually(SILENT_TAKEOVER, () -> {
      assertThat(memberSessions()).as("member sessions").hasSize(2);
      assertThat(stays.verticle.members()).as("members counted by the other process").isEqualTo(2);
      assertThat(silent.verticle.members()).as("members counted by the silent one").isEqualTo(2);
    });
    eventually(() -> assertSharedByBoth(stays, silent));
  }

  /** The backends holding the members lock, shared. */
  private static List<Integer> memberSessions() {
    List<Integer> pids = new ArrayList<>();
    await(fixture.pool.preparedQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND ((classid::bigint << 32) | objid::bigint) = $1")
        .execute(Tuple.of(AdvisoryLocks.projectionMembers(PARTITIONS))))
        .forEach(row -> pids.add(row.getInteger("pid")));
    return pids;
  }

  @Test
  void a_full_rebuild_asked_of_any_process_writer_or_standby_rebuilds_every_partition() {
    RunningProjection first = fixture.start(config());
    RunningProjection second = fixture.start(config());
    eventually(() -> assertSharedByBoth(first, second));
    // a third process finds every partition taken, and (retrying once an hour) stays a standby
    RunningProjection standby = fixture.start(standbyConfig());
    writeAndAssertViews("rebuild");
    assertThat(standby.verticle.leading()).isEmpty();

    HttpServer atFirst = LoopbackGrpc.serve(first.vertx, first.verticle.service());
    HttpServer atSecond = LoopbackGrpc.serve(second.vertx, second.verticle.service());
    HttpServer atStandby = LoopbackGrpc.serve(standby.vertx, standby.verticle.service());
    try (VertxUnary client = new VertxUnary(fixture.vertx, atFirst.actualPort());
         VertxUnary other = new VertxUnary(fixture.vertx, atSecond.actualPort())) {
      // asked of both writers at once: one rebuild per partition, followed by both calls. On a busy
      // machine one call may arrive only after the other's rebuild switched some partitions (or
      // all), and then rightly starts the next one of those: each partition ends at generation 1
      // or 2, the one the later of the calls' DONE for it named.
      var once = client.call(AdminServiceGrpcClient.RebuildProjection, RebuildProjectionRequest.getDefaultInstance(),
          Duration.ofSeconds(30));
      var twice = other.call(AdminServiceGrpcClient.RebuildProjection, RebuildProjectionRequest.getDefaultInstance(),
          Duration.ofSeconds(30));
      Reply<RebuildProgress> fromFirst = await(once);
      Reply<RebuildProgress> fromSecond = await(twice);
      for (Reply<RebuildProgress> reply : List.of(fromFirst, fromSecond)) {
        assertThat(reply.ok()).as("%s", reply).isTrue();
        assertThat(reply.value().getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
      }
      // either call may reach its process first
      long earlier = Math.min(fromFirst.value().getGeneration(), fromSecond.value().getGeneration());
      long rebuilt = Math.max(fromFirst.value().getGeneration(), fromSecond.value().getGeneration());
      assertThat(earlier).isEqualTo(1);
      assertThat(rebuilt).as("followed the first rebuild, or started the next after it").isIn(1L, 2L);
      long[] settled = generations();
      assertThat(java.util.Arrays.stream(settled).boxed().toList()).as("each partition rebuilt once or twice")
          .allMatch(g -> g == 1 || g == 2).contains(rebuilt);
      writeAndAssertViews("after-the-first-rebuild");

      // asked of the standby (grpc-java, every report): each partition reports and switches
      List<RebuildProgress> reports = rebuildVia(atStandby);
      assertThat(reports).filteredOn(r -> r.getPhase() == RebuildProgress.Phase.DONE)
          .extracting(RebuildProgress::getPartition).containsExactlyInAnyOrder(0, 1, 2, 3);
      assertThat(reports).filteredOn(r -> r.getPhase() == RebuildProgress.Phase.DONE)
          .allSatisfy(done -> assertThat(done.getGeneration()).isEqualTo(settled[done.getPartition()] + 1));
      assertThat(reports).allSatisfy(r -> assertThat(r.getNoWriter()).isFalse());
      assertGenerations(settled, 1);
      assertThat(standby.verticle.leading()).as("the standby asked writes nothing").isEmpty();

      // asked of the second, by grpc-java as well
      assertThat(rebuildVia(atSecond)).filteredOn(r -> r.getPhase() == RebuildProgress.Phase.DONE).hasSize(PARTITIONS);
      assertGenerations(settled, 2);
      writeAndAssertViews("after-every-rebuild");

      // every view equals a replay of its events, as VerifyProjection audits them (both clients)
      Reply<VerifyProjectionUpdate> audit = await(client.call(AdminServiceGrpcClient.VerifyProjection,
          VerifyProjectionRequest.getDefaultInstance(), Duration.ofSeconds(30)));
      assertThat(audit.value().getSummary().getDifferences()).as("%s", audit).isZero();
      ManagedChannel channel = GrpcJava.channel(atStandby.actualPort());
      try {
        List<VerifyProjectionUpdate> updates = new ArrayList<>();
        AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .verifyProjection(VerifyProjectionRequest.getDefaultInstance()).forEachRemaining(updates::add);
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).getSummary().getDifferences()).isZero();
        assertThat(updates.get(0).getSummary().getAccountsChecked()).isEqualTo(fixture.accounts().size());
      } finally {
        GrpcJava.close(channel);
      }
    } finally {
      await(atFirst.close());
      await(atSecond.close());
      await(atStandby.close());
    }
  }

  @Test
  void a_full_rebuild_with_a_partition_no_process_writes_rebuilds_the_others_and_ends_unavailable_naming_it() {
    RunningProjection only = fixture.start(standbyConfig());
    eventually(() -> assertThat(only.verticle.leading()).containsExactly(0, 1, 2, 3));
    writeAndAssertViews("unwritten");
    // partition 3 loses its writer, and no process tries its lock for an hour
    only.verticle.handOver(3);
    eventually(() -> assertThat(fixture.faults.lockHolderNames(partitioning.writerLock(3))).isEmpty());

    HttpServer server = LoopbackGrpc.serve(only.vertx, only.verticle.service());
    try (VertxUnary client = new VertxUnary(fixture.vertx, server.actualPort())) {
      Reply<RebuildProgress> refused = await(client.call(AdminServiceGrpcClient.RebuildProjection,
          RebuildProjectionRequest.getDefaultInstance(), Duration.ofSeconds(6)));

      assertThat(refused.status()).as("%s", refused).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(refused.reason()).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(refused.metadata()).containsEntry("partitions", "3");
      // grpc-java also reads the message sent after the reports (the Vert.x client does not: VERTX-NOTES.md)
      List<RebuildProgress> reports = new ArrayList<>();
      ManagedChannel channel = GrpcJava.channel(server.actualPort());
      try {
        assertThatThrownBy(() -> AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(4, TimeUnit.SECONDS)
            .rebuildProjection(RebuildProjectionRequest.getDefaultInstance()).forEachRemaining(reports::add))
            .isInstanceOfSatisfying(StatusRuntimeException.class, refusal -> {
              assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(refusal.getStatus().getDescription()).contains("partition 3");
            });
      } finally {
        GrpcJava.close(channel);
      }
      assertThat(reports).as("partition 3 is reported without a writer")
          .anySatisfy(r -> assertThat(r.getPartition() == 3 && r.getNoWriter()).isTrue());
      assertThat(reports).filteredOn(r -> r.getPhase() == RebuildProgress.Phase.DONE)
          .extracting(RebuildProgress::getPartition).containsExactlyInAnyOrder(0, 1, 2);
    } finally {
      await(server.close());
    }
    // the first call's rebuilds of partitions 0 to 2 switched; the second call joined nothing there and built generation 2
    IntStream.range(0, 3).forEach(p -> assertThat(fixture.partition(partitioning, p).live().generation())
        .as("partition %d", p).isEqualTo(2));
    assertThat(fixture.partition(partitioning, 3).live().generation()).isZero();
  }

  /** Every partition's live generation. */
  /** Each partition's live generation is {@code later} past the one in {@code before}. */
  private void assertGenerations(long[] before, long later) {
    IntStream.range(0, PARTITIONS).forEach(p -> assertThat(fixture.partition(partitioning, p).live().generation())
        .as("partition %d", p).isEqualTo(before[p] + later));
  }

  private long[] generations() {
    return IntStream.range(0, PARTITIONS).mapToLong(p -> fixture.partition(partitioning, p).live().generation())
        .toArray();
  }

  private static List<RebuildProgress> rebuildVia(HttpServer server) {
    List<RebuildProgress> reports = new ArrayList<>();
    ManagedChannel channel = GrpcJava.channel(server.actualPort());
    try {
      AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .rebuildProjection(RebuildProjectionRequest.getDefaultInstance()).forEachRemaining(reports::add);
    } finally {
      GrpcJava.close(channel);
    }
    return reports;
  }

  /** As {@link #config()}, but a standby tries the locks only once an hour: it takes only what is free at its start. */
  private ProjectionConfig standbyConfig() {
    ProjectionConfig c = config();
    return new ProjectionConfig(c.batchSize(), c.pollInterval(), Duration.ofHours(1), c.keyPrefix(), c.pgPoolSize(),
        c.headInterval(), c.lockLiveness(), c.partitions());
  }

  private ProjectionConfig config() {
    return fixture.config().withPartitions(PARTITIONS);
  }

  /** Every partition has exactly one writer among the two, and each writes its share, half of them. */
  private static void assertSharedByBoth(RunningProjection a, RunningProjection b) {
    IntStream.range(0, PARTITIONS).forEach(p -> assertThat(a.verticle.isActive(p) ^ b.verticle.isActive(p))
        .as("exactly one writer of partition %d (%s, %s)", p, a.verticle.leading(), b.verticle.leading()).isTrue());
    assertThat(a.verticle.leading()).as("partitions of the first").hasSize(PARTITIONS / 2);
    assertThat(b.verticle.leading()).as("partitions of the second").hasSize(PARTITIONS / 2);
  }

  /** What PostgreSQL says: each partition's lock has one holder, a connection of the process that says it writes it. */
  private void assertWritersAre(RunningProjection... processes) {
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      List<String> expected = java.util.Arrays.stream(processes).filter(r -> r.verticle.isActive(partition))
          .map(r -> r.applicationName).toList();
      assertThat(fixture.faults.lockHolderNames(partitioning.writerLock(p))).as("holders of partition %d's lock", p)
          .containsExactlyElementsOf(expected).hasSize(1);
    }
  }

  /** Events on accounts of every partition reach their partitions' views, each partition's checkpoint the head. */
  private void writeAndAssertViews(String name) {
    List<AccountId> ids = IntStream.range(0, 8).mapToObj(i -> account(name + "-" + i)).toList();
    ids.forEach(id -> fixture.open(id, "USD"));
    ids.forEach(id -> fixture.deposit(id, 100, 5));
    fixture.transfer(ids.get(0), ids.get(1), 30);
    eventually(() -> fixture.assertPartitionedViewsMatchStore(partitioning));
  }
}
