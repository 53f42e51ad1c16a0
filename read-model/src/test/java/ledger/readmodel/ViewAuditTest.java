package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.domain.Currency;
import ledger.readmodel.ViewAudit.Difference;
import ledger.readmodel.ViewAudit.Kind;
import ledger.store.Checkpoint;
import ledger.store.EventMetadata;
import ledger.store.RecordedEvent;
import org.junit.jupiter.api.Test;

/** Given an account's events, the views' checkpoint and its view: is the view what the events say? */
class ViewAuditTest {

  private static final AccountId ACCOUNT = AccountId.of("acc-1");
  private static final Currency USD = Currency.of("USD");
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

  /** Opened, then three deposits of 10.00; event v is in transaction 100 + v at position 10 * v. */
  private static final List<RecordedEvent> EVENTS = stream(new AccountOpened(USD, 0),
      new MoneyDeposited(1_000, USD, "", 1_000), new MoneyDeposited(1_000, USD, "", 2_000),
      new MoneyDeposited(1_000, USD, "", 3_000));
  private static final Checkpoint ALL_COVERED = EVENTS.get(3).checkpoint();
  private static final Checkpoint TWO_COVERED = EVENTS.get(1).checkpoint();

  @Test
  void a_view_at_the_checkpoint_that_equals_the_replay_is_true() {
    assertThat(ViewAudit.check(ACCOUNT, ALL_COVERED, replayedAt(4), EVENTS)).isEmpty();
  }

  @Test
  void a_view_behind_the_store_but_not_behind_the_checkpoint_is_true() {
    assertThat(ViewAudit.check(ACCOUNT, TWO_COVERED, replayedAt(2), EVENTS)).isEmpty();
    assertThat(ViewAudit.check(ACCOUNT, TWO_COVERED, replayedAt(3), EVENTS)).isEmpty();
  }

  @Test
  void no_view_of_an_account_the_checkpoint_covers_is_missing() {
    Difference missing = ViewAudit.check(ACCOUNT, TWO_COVERED, null, EVENTS).orElseThrow();

    assertThat(missing.kind()).isEqualTo(Kind.MISSING);
    assertThat(missing.expectedVersion()).isEqualTo(2);
  }

  @Test
  void no_view_of_an_account_the_checkpoint_does_not_cover_yet_is_true() {
    assertThat(ViewAudit.check(ACCOUNT, Checkpoint.START, null, EVENTS)).isEmpty();
  }

  @Test
  void a_view_older_than_the_checkpoint_is_stale_and_says_what_it_lacks() {
    Difference stale = ViewAudit.check(ACCOUNT, ALL_COVERED, replayedAt(2), EVENTS).orElseThrow();

    assertThat(stale.kind()).isEqualTo(Kind.STALE);
    assertThat(stale.viewVersion()).isEqualTo(2);
    assertThat(stale.expectedVersion()).isEqualTo(4);
    assertThat(stale.fields()).extracting(ViewAudit.Field::name)
        .contains("balance_minor", "version", "global_position");
  }

  @Test
  void a_view_beyond_the_stream_is_ahead() {
    AccountView fifth = withVersion(replayedAt(4), 5);

    assertThat(ViewAudit.check(ACCOUNT, ALL_COVERED, fifth, EVENTS)).map(Difference::kind).contains(Kind.AHEAD);
  }

  @Test
  void a_view_that_differs_from_the_replay_at_its_own_version_names_each_field_that_differs() {
    AccountView true3 = replayedAt(3);
    AccountView wrong = new AccountView(ACCOUNT, 2_500, "USD", AccountStatus.FROZEN, true3.overdraftLimitMinor(),
        3, true3.globalPosition(), true3.updatedAt());

    Optional<Difference> found = ViewAudit.check(ACCOUNT, TWO_COVERED, wrong, EVENTS);

    assertThat(found).map(Difference::kind).contains(Kind.MISMATCH);
    assertThat(found.orElseThrow().fields()).containsExactly(
        new ViewAudit.Field("balance_minor", "2500", "2000"),
        new ViewAudit.Field("status", "FROZEN", "OPEN"));
  }

  private static AccountView replayedAt(int version) {
    Account state = AccountDecider.fold(Account.unopened(ACCOUNT),
        EVENTS.subList(0, version).stream().map(RecordedEvent::event).toList());
    return AccountView.after(state, EVENTS.get(version - 1));
  }

  private static AccountView withVersion(AccountView view, long version) {
    return new AccountView(view.accountId(), view.balanceMinor(), view.currency(), view.status(),
        view.overdraftLimitMinor(), version, view.globalPosition(), view.updatedAt());
  }

  private static List<RecordedEvent> stream(AccountEvent... events) {
    List<RecordedEvent> recorded = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      long version = i + 1;
      recorded.add(new RecordedEvent(10 * version, 100 + version, ACCOUNT, version, events[i],
          new EventMetadata("c" + version, "r" + version, null), AT.plusSeconds(version)));
    }
    return List.copyOf(recorded);
  }
}
