package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewWriter;
import ledger.store.AppendResult;
import ledger.store.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Applying an event is idempotent: a view skips what it already reflects by stream version.
 * Moving the checkpoint back by hand makes the projection apply the same batches again.
 */
class IdempotentReplayIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerClass();
  private static RunningProjection projection;

  @BeforeAll
  static void start() {
    // Batches of two: the replay splits accounts across batches, so a view would be
    // rolled back to an older version if a batch it already reflects were written again.
    projection = fixture.start(fixture.config(2));
  }

  @Test
  void replaying_batches_after_the_checkpoint_is_moved_back_leaves_every_balance_unchanged() {
    AccountId first = account("replayed-1");
    AccountId second = account("replayed-2");
    AppendResult opened = fixture.open(first, "USD");
    fixture.deposit(first, 100);
    fixture.deposit(first, 200);
    fixture.withdraw(first, 50);
    fixture.open(second, "EUR");
    fixture.deposit(second, 7, 8);
    fixture.withdraw(first, 1);
    eventually(fixture::assertViewsMatchStore);
    Map<AccountId, AccountView> before = views(first, second);
    long appliedBefore = projection.observer.appliedEvents.get();
    int resumesBefore = projection.observer.resumedFrom.size();

    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      fixture.views.setCheckpoint(opened.checkpoint());
      AppendResult next = fixture.deposit(second, 1);

      eventually(fixture::assertViewsMatchStore);
      assertThat(projection.observer.resumedFrom.subList(resumesBefore, projection.observer.resumedFrom.size()))
          .as("the projection noticed the checkpoint it did not write and resumed from it")
          .containsExactly(opened.checkpoint());
      assertThat(projection.observer.appliedEvents.get() - appliedBefore)
          .as("events applied again after the checkpoint moved back, the new one included")
          .isEqualTo(fixture.eventsAfter(opened.checkpoint()));
      assertThat(fixture.views.account(first)).isEqualTo(before.get(first));
      assertThat(fixture.views.account(first).balanceMinor()).isEqualTo(249);
      assertThat(fixture.views.account(second).balanceMinor()).isEqualTo(before.get(second).balanceMinor() + 1);
      assertThat(fixture.views.checkpoint()).isEqualTo(next.checkpoint().encode());
      eventually(() -> assertThat(feed.messages()).isNotEmpty());
      for (AccountId id : List.of(first, second)) {
        List<Long> versions = feed.viewsOf(id).stream().map(AccountView::version).toList();
        assertThat(versions).as("versions of %s announced during the replay", id).isNotEmpty().isSorted()
            .allSatisfy(version -> assertThat(version).as("never older than the view before the replay")
                .isGreaterThanOrEqualTo(before.get(id).version()));
      }
    }
  }

  @Test
  void applying_the_same_batch_twice_or_an_older_batch_after_a_newer_one_leaves_the_view_unchanged() {
    AccountId account = account("applied-directly");
    fixture.open(account, "USD");
    fixture.deposit(account, 10, 20);
    fixture.withdraw(account, 5);
    List<RecordedEvent> stream = fixture.stream(account);
    ViewKeys keys = new ViewKeys(fixture.views.keys.prefix() + "direct:");
    ViewWriter writer = fixture.writer(keys);

    await(writer.apply(stream));
    Map<String, String> once = fixture.views.hash(keys.account(account));
    await(writer.apply(stream));
    Map<String, String> twice = fixture.views.hash(keys.account(account));
    await(writer.apply(stream.subList(0, 2)));
    Map<String, String> afterOlder = fixture.views.hash(keys.account(account));

    assertThat(AccountView.fromFields(account, once)).isEqualTo(fixture.expectedView(account));
    assertThat(twice).isEqualTo(once);
    assertThat(afterOlder).as("an older batch must not roll the view back").isEqualTo(once);
  }

  private static Map<AccountId, AccountView> views(AccountId... ids) {
    return List.of(ids).stream().collect(Collectors.toMap(Function.identity(), fixture.views::account));
  }
}
