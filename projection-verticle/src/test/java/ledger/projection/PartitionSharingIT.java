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
import java.util.stream.Collectors;
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
import ledger.testkit.GrpcJava;
import ledger.testkit.LoopbackGrpc;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.testkit.VertxUnary;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
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
    RunningProjection second = fixture.start(config());

    eventually(() -> assertSharedByBoth(first, second));
    throughout(Duration.ofSeconds(1), () -> assertSharedByBoth(first, second));
    assertWritersAre(first, second);
    writeAndAssertViews("second");
  }

  @Test
  void when_a_process_stops_the_other_takes_its_partitions_within_the_takeover_bound() {
    RunningProjection stays = fixture.start(config());
    RunningProjection leaves = fixture.start(config());
    eventually(() -> assertSharedByBoth(stays, leaves));
    writeAndAssertViews("before-stop");

    long stoppedAt = System.nanoTime();
    leaves.stop();

    eventually(TAKEOVER, () -> assertThat(stays.verticle.leading()).containsExactly(0, 1, 2, 3));
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(TAKEOVER);
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
  void a_full_rebuild_asked_of_one_process_rebuilds_the_partitions_it_writes_and_names_the_writers_of_the_others() {
    RunningProjection asked = fixture.start(config());
    RunningProjection other = fixture.start(config());
    eventually(() -> assertSharedByBoth(asked, other));
    writeAndAssertViews("rebuild");
    List<Integer> here = asked.verticle.leading();
    List<Integer> there = other.verticle.leading();

    HttpServer server = LoopbackGrpc.serve(asked.vertx, asked.verticle.service());
    try (VertxUnary client = new VertxUnary(fixture.vertx, server.actualPort())) {
      Reply<RebuildProgress> refused = await(client.call(AdminServiceGrpcClient.RebuildProjection,
          RebuildProjectionRequest.getDefaultInstance(), Duration.ofSeconds(30)));

      assertThat(refused.status()).as("%s", refused).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
      assertThat(refused.reason()).isEqualTo("NOT_THE_WRITER");
      assertThat(refused.metadata()).containsEntry("writer", other.applicationName)
          .containsEntry("partitions", there.stream().map(String::valueOf).collect(Collectors.joining(",")));

      // grpc-java also reads the message sent after the reports (the Vert.x client does not: VERTX-NOTES.md)
      List<RebuildProgress> reports = new ArrayList<>();
      ManagedChannel channel = GrpcJava.channel(server.actualPort());
      try {
        assertThatThrownBy(() -> AdminServiceGrpc.newBlockingStub(channel)
            .rebuildProjection(RebuildProjectionRequest.getDefaultInstance()).forEachRemaining(reports::add))
            .isInstanceOfSatisfying(StatusRuntimeException.class, refusal -> {
              assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              there.forEach(p -> assertThat(refusal.getStatus().getDescription())
                  .contains("partition " + p + ": the writer is " + other.applicationName));
            });
      } finally {
        GrpcJava.close(channel);
      }
      assertThat(reports).filteredOn(r -> r.getPhase() == RebuildProgress.Phase.DONE)
          .extracting(RebuildProgress::getPartition).containsExactlyInAnyOrderElementsOf(here);
    } finally {
      await(server.close());
    }
    here.forEach(p -> assertThat(fixture.partition(partitioning, p).live().generation()).as("partition %d", p)
        .isEqualTo(2));
    there.forEach(p -> assertThat(fixture.partition(partitioning, p).live().generation()).as("partition %d", p)
        .isZero());
    writeAndAssertViews("after-rebuild");
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
