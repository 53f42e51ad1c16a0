package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewFields;
import ledger.store.AppendResult;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The happy path: what is appended to the store shows up in the Redis views and on the feed. */
class ViewsFollowTheStoreIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerClass();

  @BeforeAll
  static void start() {
    fixture.start();
  }

  @Test
  void appended_events_appear_in_each_account_view_with_balance_currency_status_version_and_position() {
    AccountId alice = account("alice");
    AccountId bob = account("bob");
    fixture.open(alice, "USD");
    fixture.deposit(alice, 1_000);
    fixture.withdraw(alice, 250);
    fixture.open(bob, "EUR", 5_000);
    AppendResult last = fixture.withdraw(bob, 1_200);

    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(last.checkpoint().encode()));

    var aliceHash = fixture.views.hash(fixture.views.keys.account(alice));
    assertThat(aliceHash).containsEntry(ViewFields.BALANCE, "750")
        .containsEntry(ViewFields.CURRENCY, "USD")
        .containsEntry(ViewFields.STATUS, "OPEN")
        .containsEntry(ViewFields.VERSION, "3")
        .containsEntry(ViewFields.OVERDRAFT_LIMIT, "0")
        .containsEntry(ViewFields.GLOBAL_POSITION, Long.toString(lastEventOf(alice).globalPosition()));
    AccountView bobView = fixture.views.account(bob);
    assertThat(bobView.balanceMinor()).isEqualTo(-1_200);
    assertThat(bobView.currency()).isEqualTo("EUR");
    assertThat(bobView.status()).isEqualTo(AccountStatus.OPEN);
    assertThat(bobView.overdraftLimitMinor()).isEqualTo(5_000);
    assertThat(bobView.version()).isEqualTo(2);
    assertThat(bobView.globalPosition()).isEqualTo(last.globalPosition());
    fixture.assertViewsMatchStore();
  }

  @Test
  void the_checkpoint_advances_with_every_commit_the_projection_applies() {
    AccountId carol = account("carol");
    AppendResult opened = fixture.open(carol, "GBP");
    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(opened.checkpoint().encode()));
    Checkpoint before = Checkpoint.parse(fixture.views.checkpoint());

    AppendResult deposited = fixture.deposit(carol, 40, 2);

    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(deposited.checkpoint().encode()));
    assertThat(Checkpoint.parse(fixture.views.checkpoint()).isAfter(before)).isTrue();
    assertThat(fixture.views.account(carol).balanceMinor()).isEqualTo(42);
    assertThat(fixture.views.account(carol).version()).isEqualTo(3);
  }

  @Test
  void a_transfer_written_in_one_transaction_updates_both_account_views() {
    AccountId from = account("transfer-from");
    AccountId to = account("transfer-to");
    fixture.open(from, "USD");
    fixture.open(to, "USD");
    fixture.deposit(from, 900);
    AppendResult transfer = fixture.transfer(from, to, 300);

    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(transfer.checkpoint().encode()));
    assertThat(fixture.views.account(from)).isEqualTo(fixture.expectedView(from));
    assertThat(fixture.views.account(to)).isEqualTo(fixture.expectedView(to));
    assertThat(fixture.views.account(from).balanceMinor()).isEqualTo(600);
    assertThat(fixture.views.account(to).balanceMinor()).isEqualTo(300);
  }

  @Test
  void the_feed_announces_one_view_per_applied_event_in_stream_order() {
    AccountId dora = account("dora");
    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      fixture.open(dora, "USD");
      fixture.deposit(dora, 100);
      fixture.deposit(dora, 20, 3);           // two events in one transaction, hence in one batch
      fixture.withdraw(dora, 50);
      AppendResult last = fixture.deposit(dora, 7);

      eventually(() -> assertThat(feed.messages()).last().extracting(FeedMessage::checkpoint)
          .isEqualTo(last.checkpoint()));
      List<RecordedEvent> stream = fixture.stream(dora);
      List<AccountView> announced = feed.viewsOf(dora);
      assertThat(announced).extracting(AccountView::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(announced).extracting(AccountView::globalPosition)
          .containsExactlyElementsOf(stream.stream().map(RecordedEvent::globalPosition).toList());
      assertThat(announced).extracting(AccountView::balanceMinor).containsExactly(0L, 100L, 120L, 123L, 73L, 80L);
      assertThat(announced).extracting(AccountView::balanceMinor)
          .containsExactlyElementsOf(stream.stream().map(ViewsFollowTheStoreIT::balanceAfter).toList());
      assertThat(announced).allSatisfy(view -> assertThat(view.currency()).isEqualTo("USD"));

      FeedMessage lastMessage = feed.messages().get(feed.messages().size() - 1);
      assertThat(lastMessage.views()).last().isEqualTo(fixture.views.account(dora));
    }
  }

  private static RecordedEvent lastEventOf(AccountId id) {
    List<RecordedEvent> stream = fixture.stream(id);
    return stream.get(stream.size() - 1);
  }

  private static long balanceAfter(RecordedEvent recorded) {
    if (recorded.event() instanceof MoneyDeposited deposited) {
      return deposited.balanceAfterMinor();
    }
    if (recorded.event() instanceof MoneyWithdrawn withdrawn) {
      return withdrawn.balanceAfterMinor();
    }
    return 0;
  }
}
