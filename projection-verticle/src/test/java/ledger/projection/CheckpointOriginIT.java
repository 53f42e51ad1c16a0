package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.StoredCheckpoint;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReset;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.Origin;
import ledger.store.pg.EventTail;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A checkpoint means something only for the database that wrote it: Redis records that
 * database beside it, and a writer of another database rebuilds the views instead of
 * trusting it (transaction ids and positions of two databases do not compare).
 */
class CheckpointOriginIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  /** Each test its own views, so that views one test leaves wrong cannot fail the next. */
  @BeforeEach
  void freshViews() {
    fixture.freshPrefix();
  }

  @Test
  void the_events_of_a_recreated_database_are_projected_though_redis_kept_the_old_checkpoint_and_views() {
    AccountId shared = account("in-both");
    AccountId gone = account("only-before");
    RunningProjection before = fixture.start();
    fixture.open(shared, "USD");
    fixture.deposit(shared, 500, 500);
    fixture.open(gone, "EUR");
    eventually(fixture::assertViewsMatchStore);
    Origin old = fixture.origin();
    before.stop();

    fixture.recreateDatabase();
    fixture.open(shared, "CHF");
    fixture.deposit(shared, 7);
    RunningProjection after = fixture.start();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(shared).balanceMinor()).isEqualTo(7);
    assertThat(fixture.views.account(shared).currency()).isEqualTo("CHF");
    assertThat(fixture.views.account(gone)).as("a view of the old database only").isNull();
    assertThat(fixture.views.origin()).isEqualTo(fixture.origin().encode()).isNotEqualTo(old.encode());
    assertThat(after.observer.forgotOrigins).containsExactly(old.encode());
  }

  @Test
  void a_writer_that_takes_over_after_the_database_was_recreated_rebuilds_the_views() {
    AccountId id = account("taken-over");
    RunningProjection writer = fixture.start();
    fixture.open(id, "USD");
    fixture.deposit(id, 100, 200, 300);
    eventually(fixture::assertViewsMatchStore);

    fixture.recreateDatabase();
    fixture.open(id, "USD");
    // A replaced database drops every connection, the writer lock's too: the writer takes the lock again.
    List<Integer> holders = fixture.faults.projectionLockHolders();
    assertThat(fixture.faults.terminateBackend(holders.get(0))).isTrue();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isZero();
    assertThat(writer.observer.forgotOrigins).hasSize(1);
  }

  @Test
  void a_checkpoint_stored_without_an_origin_by_the_previous_version_is_adopted_without_a_rebuild() {
    AccountId id = account("upgraded");
    RunningProjection old = fixture.start();
    fixture.open(id, "USD");
    fixture.deposit(id, 40);
    eventually(fixture::assertViewsMatchStore);
    old.stop();
    fixture.views.delete(fixture.views.keys.origin());
    fixture.deposit(id, 2);

    RunningProjection upgraded = fixture.start();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.origin()).as("recorded beside the adopted checkpoint").isEqualTo(fixture.origin().encode());
    assertThat(upgraded.observer.appliedEvents.get()).as("only the event after the checkpoint").isEqualTo(1);
    assertThat(upgraded.observer.forgotOrigins).isEmpty();
    assertThat(upgraded.observer.resumedFrom).isEmpty();
  }

  @Test
  void a_checkpoint_beyond_every_transaction_of_the_database_is_from_before_a_restore_and_the_views_are_rebuilt() {
    AccountId id = account("restored");
    RunningProjection first = fixture.start();
    fixture.open(id, "USD");
    fixture.deposit(id, 10);
    eventually(fixture::assertViewsMatchStore);
    first.stop();
    // The same database, restored from a backup taken before the views' last events.
    long next = await(new EventTail(fixture.pool).nextTransactionId());
    fixture.views.setCheckpoint(new Checkpoint(next + 1_000, 99));
    fixture.deposit(id, 5);

    RunningProjection restored = fixture.start();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(15);
    assertThat(restored.observer.forgotOrigins).containsExactly(fixture.origin().encode());
  }

  /**
   * A failover to an asynchronous replica (or a restore in place) rewinds the history without
   * changing the database's identity, and new commands soon push the next transaction id past
   * the stored checkpoint: only the checkpoint's own event, missing, tells. Its views held
   * states of lost transactions, and the tail would have skipped the new events below it.
   */
  @Test
  void a_checkpoint_whose_event_this_database_does_not_hold_is_from_a_rewound_history_and_the_views_are_rebuilt() {
    AccountId id = account("rewound");
    RunningProjection first = fixture.start();
    fixture.open(id, "USD");
    fixture.deposit(id, 10);
    eventually(fixture::assertViewsMatchStore);
    first.stop();
    // the replica had not received the primary's last transactions: it hands their ids out again
    long next = await(new EventTail(fixture.pool).nextTransactionId());
    fixture.views.setCheckpoint(new Checkpoint(next + 2, 1_000_000));
    for (int i = 0; i < 5; i++) {
      fixture.deposit(id, 1);
    }

    RunningProjection failedOver = fixture.start();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(15);
    assertThat(failedOver.observer.forgotOrigins).containsExactly(fixture.origin().encode());
  }

  @Test
  void views_flushed_while_no_event_is_written_come_back_within_seconds() {
    AccountId first = account("idle-1");
    AccountId second = account("idle-2");
    RunningProjection projection = fixture.start();
    fixture.open(first, "USD");
    fixture.deposit(first, 3, 4);
    fixture.open(second, "GBP");
    eventually(fixture::assertViewsMatchStore);
    AccountView before = fixture.views.account(first);

    fixture.views.deleteEveryKeyWithPrefix();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(first)).isEqualTo(before);
    assertThat(fixture.views.origin()).isEqualTo(fixture.origin().encode());
    assertThat(projection.observer.resumedFrom).containsExactly(Checkpoint.START);
  }

  @Test
  void the_checkpoint_script_moves_no_checkpoint_of_another_origin_and_announces_nothing_for_it() {
    ViewKeys keys = new ViewKeys(TestInfra.freshPrefix("foreign-cas"));
    ViewWriter writer = fixture.writer(keys);
    Origin ours = new Origin("7001", "ours");
    Origin theirs = new Origin("7002", "theirs");
    Checkpoint first = new Checkpoint(10, 1);
    assertThat(await(writer.commit(ours, "", first, List.of()))).isEqualTo(StoredCheckpoint.NONE);

    try (FeedRecorder feed = FeedRecorder.subscribe(fixture.redis, keys.feedChannel())) {
      StoredCheckpoint found = await(writer.commit(theirs, first.encode(), new Checkpoint(11, 2), List.of()));
      StoredCheckpoint confirmed = await(writer.confirm(theirs, first.encode()));

      assertThat(found).isEqualTo(new StoredCheckpoint(first.encode(), ours.encode()));
      assertThat(confirmed).isEqualTo(found);
      assertThat(await(writer.stored())).as("left as it was").isEqualTo(found);
      assertThat(await(writer.commit(ours, first.encode(), new Checkpoint(12, 3), List.of())))
          .as("its own writer still moves it").isEqualTo(found);
      eventually(() -> assertThat(feed.messages()).extracting(FeedMessage::checkpoint)
          .containsExactly(new Checkpoint(12, 3)));
    }
  }

  @Test
  void forgetting_views_deletes_only_the_prefix_s_views_and_nothing_when_the_origin_changed_meanwhile() {
    AccountId id = account("reset");
    RunningProjection projection = fixture.start();
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);
    projection.stop();
    RedisViews neighbour = new RedisViews(fixture.redis, new ViewKeys(fixture.views.keys.prefix() + "acct:"));
    await(fixture.redis.send(Request.cmd(Command.HSET).arg(neighbour.keys.account(id)).arg("version").arg(1)));
    ViewReset reset = new ViewReset(fixture.redis, fixture.views.keys, ViewScripts.load());
    Origin mine = fixture.origin();

    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      assertThatThrownBy(() -> await(reset.forget("another/origin", new Origin("1", "x"))))
          .hasMessageContaining("changed while they were being reset");
      assertThat(fixture.views.account(id)).as("kept").isNotNull();
      assertThat(await(reset.forget(mine.encode(), new Origin("1", "x")))).isEqualTo(1);

      assertThat(fixture.views.keysWithPrefix()).containsExactlyInAnyOrder(fixture.views.keys.origin(),
          neighbour.keys.account(id));
      assertThat(fixture.views.origin()).isEqualTo("1/x");
      eventually(() -> assertThat(feed.messages()).as("announced once, by the reset that happened")
          .singleElement().matches(FeedMessage::viewsForgotten));
    }
  }
}
