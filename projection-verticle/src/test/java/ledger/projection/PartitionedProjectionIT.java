package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import ledger.domain.AccountId;
import ledger.readmodel.Partitioning;
import ledger.store.AppendResult;
import ledger.store.Checkpoint;
import ledger.v1.RebuildProgress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One process projecting views split into partitions: each partition a read model of its own,
 * holding exactly its accounts, its checkpoint moving over every event of the store.
 */
class PartitionedProjectionIT {

  private static final int PARTITIONS = 4;

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @BeforeEach
  void freshViews() {
    fixture.freshPrefix();
  }

  @Test
  void one_process_writes_every_partition_each_holding_only_its_accounts_with_its_checkpoint_past_the_head() {
    Partitioning partitioning = fixture.partitioning(PARTITIONS);
    RunningProjection projection = fixture.start(fixture.config().withPartitions(PARTITIONS));
    eventually(() -> assertThat(projection.verticle.leading()).containsExactly(0, 1, 2, 3));
    List<AccountId> ids = IntStream.range(0, 12).mapToObj(i -> account("part-" + i)).toList();
    ids.forEach(id -> fixture.open(id, "USD"));
    ids.forEach(id -> fixture.deposit(id, 500, 7));
    fixture.transfer(ids.get(0), ids.get(1), 100);
    AppendResult last = fixture.transfer(ids.get(2), ids.get(3), 50);
    assertThat(ids.stream().map(partitioning::of).distinct().count()).as("accounts in partitions").isEqualTo(4);

    eventually(() -> fixture.assertPartitionedViewsMatchStore(partitioning));
    assertThat(projection.verticle.checkpoint()).isEqualTo(last.checkpoint());
    partitioning.partitions().forEach(p -> assertThat(projection.verticle.checkpoint(p)).isEqualTo(last.checkpoint()));
    // one LISTEN connection rings every partition's projector
    assertThat(fixture.faults.listenersOf(projection)).isEqualTo(1);
  }

  @Test
  void a_partition_none_of_whose_accounts_has_events_still_moves_its_checkpoint_over_the_others() {
    Partitioning partitioning = fixture.partitioning(PARTITIONS);
    List<AccountId> ids = accountsOutside("quiet", partitioning, 3, 3);
    RunningProjection projection = fixture.start(fixture.config(2).withPartitions(PARTITIONS));
    ids.forEach(id -> fixture.open(id, "USD"));
    AppendResult last = fixture.deposit(ids.get(0), 1, 2, 3);

    eventually(() -> assertThat(fixture.partition(partitioning, 3).checkpoint()).isEqualTo(last.checkpoint().encode()));
    // Redis holds the move before the writer's own bookkeeping of it has run on its event loop
    eventually(() -> assertThat(projection.verticle.checkpoint(3)).isEqualTo(last.checkpoint()));
    // the partitions that hold the accounts apply them on their own (batches of 2): wait for them
    eventually(() -> fixture.assertPartitionedViewsMatchStore(partitioning));
  }

  @Test
  void a_full_rebuild_of_a_partition_moves_over_batches_that_hold_none_of_its_accounts() {
    Partitioning partitioning = fixture.partitioning(PARTITIONS);
    List<AccountId> ids = accountsOutside("rebuilt", partitioning, 3, 4);
    RunningProjection projection = fixture.start(fixture.config().withPartitions(PARTITIONS));
    ids.forEach(id -> fixture.open(id, "USD"));
    ids.forEach(id -> fixture.deposit(id, 10, 20));
    eventually(() -> fixture.assertPartitionedViewsMatchStore(partitioning));

    List<RebuildProgress> progress = new ArrayList<>();
    RebuildProgress done = await(projection.verticle.rebuilds(3).rebuild(progress::add), Duration.ofSeconds(30));

    assertThat(done.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
    assertThat(done.getGeneration()).isEqualTo(1);
    assertThat(Checkpoint.parse(done.getCheckpoint())).isEqualTo(fixture.head());
    Checkpoint head = fixture.open(account("after-rebuild"), "USD").checkpoint();
    eventually(() -> fixture.assertPartitionedViewsMatchStore(partitioning));
    eventually(() -> assertThat(projection.verticle.checkpoint(3)).isEqualTo(head));
  }

  /** {@code count} account ids none of which falls in partition {@code excluded}. */
  private static List<AccountId> accountsOutside(String prefix, Partitioning partitioning, int excluded, int count) {
    return IntStream.range(0, 1000).mapToObj(i -> account(prefix + "-" + i))
        .filter(id -> partitioning.of(id) != excluded).limit(count).toList();
  }
}
