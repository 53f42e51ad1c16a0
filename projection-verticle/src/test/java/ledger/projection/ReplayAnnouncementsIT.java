package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewWriter;
import ledger.store.AppendResult;
import ledger.store.RecordedEvent;
import ledger.store.pg.EventTail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A writer that wrote views and died (or lost its lock) before its checkpoint leaves views
 * ahead of the checkpoint, and the next writer replays those events. The replay announced
 * the events the views already reflected as that later state with each event laid over it:
 * states that never existed (a freeze at version 3 showing the balance of version 5), which
 * balance streams forwarded and version waiters answered with. Each account's events here
 * include a freeze and an unfreeze, which set no balance, between deposits that do.
 */
class ReplayAnnouncementsIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @Test
  void a_replay_over_a_view_already_past_its_first_events_announces_only_the_events_it_applies_at_their_true_state() {
    AccountId id = account("partly-applied");
    fixture.open(id, "USD");
    fixture.deposit(id, 100);
    freezeThenDeposit(id, 50);
    fixture.withdraw(id, 20);
    List<RecordedEvent> stream = fixture.stream(id);
    ViewKeys keys = directKeys("partly-applied");
    ViewWriter writer = fixture.writer(keys);
    await(writer.apply(stream.subList(0, 2)));
    await(writer.apply(stream.subList(2, 5)));   // then died before its checkpoint: views at 5, nothing announced

    List<FeedMessage.Change> announced = await(writer.apply(stream.subList(2, 6)));

    assertEveryAnnouncementIsTrue(announced);
    assertThat(announced).extracting(change -> change.view().version()).as("only what the replay applied")
        .containsExactly(6L);
    assertThat(viewOf(keys, id)).isEqualTo(fixture.expectedView(id));
  }

  @Test
  void one_replayed_batch_announces_only_true_states_of_accounts_partly_applied_wholly_applied_new_and_lost() {
    AccountId partly = account("mixed-partly");
    AccountId wholly = account("mixed-wholly");
    AccountId fresh = account("mixed-new");
    AccountId lost = account("mixed-lost");
    ViewKeys keys = directKeys("mixed");
    ViewWriter writer = fixture.writer(keys);
    AppendResult committed = null;
    for (AccountId id : List.of(partly, wholly, lost)) {
      fixture.open(id, "USD");
      committed = fixture.deposit(id, 100);
      await(writer.apply(fixture.stream(id)));
    }
    freezeThenDeposit(partly, 50);
    freezeThenDeposit(wholly, 7);
    AppendResult crashedAt = fixture.deposit(lost, 1);
    fixture.withdraw(partly, 20);
    fixture.open(fresh, "EUR");
    fixture.deposit(fresh, 5);
    fixture.deposit(lost, 2);
    EventTail tail = new EventTail(fixture.pool);
    int crashedBatch = (int) (fixture.eventsAfter(committed.checkpoint()) - fixture.eventsAfter(crashedAt.checkpoint()));
    await(writer.apply(await(tail.readAfter(committed.checkpoint(), crashedBatch))));
    fixture.views.delete(keys.account(lost));

    List<FeedMessage.Change> announced = await(writer.apply(await(tail.readAfter(committed.checkpoint(), 100))));

    assertEveryAnnouncementIsTrue(announced);
    assertThat(versionsOf(announced, partly)).as("partly applied: what the replay applied").containsExactly(6L);
    assertThat(announced).filteredOn(change -> change.view().accountId().equals(wholly))
        .as("wholly applied: the view as it is, as a state")
        .singleElement().satisfies(change -> assertThat(change.isState()).isTrue());
    assertThat(versionsOf(announced, fresh)).as("new: every event").containsExactly(1L, 2L);
    assertThat(versionsOf(announced, lost)).as("lost, rebuilt from the store: the batch's events")
        .containsExactly(3L, 4L);
    for (AccountId id : List.of(partly, wholly, fresh, lost)) {
      assertThat(viewOf(keys, id)).as("view of %s", id).isEqualTo(fixture.expectedView(id));
    }
  }

  @Test
  void a_projection_taking_over_from_a_writer_that_died_before_its_checkpoint_announces_only_true_states() {
    AccountId id = account("taken-over");
    fixture.open(id, "EUR");
    AppendResult committed = fixture.deposit(id, 100);
    freezeThenDeposit(id, 50);
    await(fixture.writer(fixture.views.keys).apply(fixture.stream(id)));
    fixture.views.setCheckpoint(committed.checkpoint());
    fixture.withdraw(id, 20);

    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      fixture.start();

      eventually(() -> assertThat(feed.messages()).extracting(FeedMessage::checkpoint).contains(fixture.head()));
      assertEveryAnnouncementIsTrue(feed.messages().stream().flatMap(message -> message.changes().stream()).toList());
      assertThat(feed.viewsOf(id)).extracting(AccountView::version).containsExactly(6L);
      assertThat(fixture.views.account(id)).isEqualTo(fixture.expectedView(id));
    }
  }

  /** Versions 3 to 5: frozen and unfrozen, which keeps the balance, then a deposit, which changes it. */
  private static void freezeThenDeposit(AccountId id, long amount) {
    fixture.freeze(id);
    fixture.unfreeze(id);
    fixture.deposit(id, amount);
  }

  /** A change announced is the account right after that event; a state, the account at its version. */
  private static void assertEveryAnnouncementIsTrue(List<FeedMessage.Change> announced) {
    Map<AccountId, Map<Long, FeedMessage.Change>> truth = new HashMap<>();
    for (FeedMessage.Change change : announced) {
      AccountView view = change.view();
      FeedMessage.Change expected = truth.computeIfAbsent(view.accountId(), fixture::trueChanges).get(view.version());
      if (change.isState()) {
        assertThat(view).as("state of %s at version %d", view.accountId(), view.version()).isEqualTo(expected.view());
      } else {
        assertThat(change).as("change of %s at version %d", view.accountId(), view.version()).isEqualTo(expected);
      }
    }
  }

  private static List<Long> versionsOf(List<FeedMessage.Change> announced, AccountId id) {
    return announced.stream().map(FeedMessage.Change::view).filter(view -> view.accountId().equals(id))
        .map(AccountView::version).toList();
  }

  /** Keys of a writer driven by hand, apart from the projection's. */
  private static ViewKeys directKeys(String name) {
    return new ViewKeys(fixture.views.keys.prefix() + name + ":");
  }

  private static AccountView viewOf(ViewKeys keys, AccountId id) {
    return AccountView.fromFields(id, fixture.views.hash(keys.account(id)));
  }
}
