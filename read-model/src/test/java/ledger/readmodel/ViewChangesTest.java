package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.domain.Currency;
import ledger.readmodel.AccountView;
import ledger.readmodel.ViewFields;
import ledger.store.EventMetadata;
import ledger.store.RecordedEvent;
import org.junit.jupiter.api.Test;

/** Every event type must change the view somehow; a new type without a case here fails the build. */
class ViewChangesTest {

  private static final AccountId ACCOUNT = AccountId.of("acc-1");
  private static final Currency USD = Currency.of("USD");
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

  /** One sample of every event type, in an order that makes a valid stream. */
  private static final List<AccountEvent> SAMPLES = List.of(
      new AccountOpened(USD, 500),
      new MoneyDeposited(1_000, USD, "salary", 1_000),
      new MoneyWithdrawn(1_250, USD, "rent", -250),
      new TransferSent(100, USD, AccountId.of("payee"), "gift", -350),
      new TransferReceived(400, USD, AccountId.of("payer"), "refund", 50),
      new AccountFrozen("audit"),
      new AccountUnfrozen("audit done"),
      new MoneyWithdrawn(50, USD, "fee", 0),
      new AccountClosed());

  @Test
  void every_event_type_has_a_sample_and_a_view_change() {
    for (Class<?> type : eventTypes(AccountEvent.class)) {
      AccountEvent sample = SAMPLES.stream().filter(type::isInstance).findFirst()
          .orElseGet(() -> fail("add a sample for " + type.getName()));

      Map<String, String> fields = ViewChanges.of(recorded(7, sample));

      assertThat(fields).as(type.getSimpleName())
          .containsEntry(ViewFields.VERSION, "7")
          .containsEntry(ViewFields.GLOBAL_POSITION, "107")
          .containsEntry(ViewFields.UPDATED_AT_MICROS, Long.toString(AccountView.toMicros(AT)))
          .hasSizeGreaterThan(3);
    }
  }

  @Test
  void an_opened_account_has_its_currency_overdraft_a_zero_balance_and_is_open() {
    Map<String, String> fields = ViewChanges.of(recorded(1, new AccountOpened(Currency.of("JPY"), 300)));

    assertThat(fields).containsEntry(ViewFields.CURRENCY, "JPY")
        .containsEntry(ViewFields.OVERDRAFT_LIMIT, "300")
        .containsEntry(ViewFields.BALANCE, "0")
        .containsEntry(ViewFields.STATUS, AccountStatus.OPEN.name());
  }

  @Test
  void deposits_and_withdrawals_set_the_balance_they_recorded_after_themselves() {
    assertThat(ViewChanges.of(recorded(2, new MoneyDeposited(5, USD, "r", 105))))
        .containsEntry(ViewFields.BALANCE, "105").doesNotContainKeys(ViewFields.CURRENCY, ViewFields.STATUS);
    assertThat(ViewChanges.of(recorded(3, new MoneyWithdrawn(5, USD, "r", -5))))
        .containsEntry(ViewFields.BALANCE, "-5").doesNotContainKeys(ViewFields.CURRENCY, ViewFields.STATUS);
  }

  @Test
  void the_merged_changes_of_a_whole_stream_are_the_view_after_its_last_event() {
    List<RecordedEvent> stream = new ArrayList<>();
    for (int i = 0; i < SAMPLES.size(); i++) {
      stream.add(recorded(i + 1, SAMPLES.get(i)));
    }

    AccountView view = AccountView.fromFields(ACCOUNT, ViewChanges.merged(stream));

    assertThat(view).isEqualTo(new AccountView(ACCOUNT, 0, "USD", AccountStatus.CLOSED, 500, 9, 109, AT));
  }

  private static List<Class<?>> eventTypes(Class<?> sealed) {
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      if (permitted.isSealed()) {
        types.addAll(eventTypes(permitted));
      } else {
        types.add(permitted);
      }
    }
    return types;
  }

  private static RecordedEvent recorded(long version, AccountEvent event) {
    return new RecordedEvent(100 + version, 42, ACCOUNT, version, event,
        new EventMetadata("cmd-" + version, "corr-" + version, null), AT);
  }

  @Test
  void transfers_set_the_balance_and_status_events_set_the_status_only() {
    assertThat(ViewChanges.of(recorded(4, new TransferSent(100, USD, AccountId.of("b"), "", -350))))
        .containsEntry(ViewFields.BALANCE, "-350").doesNotContainKeys(ViewFields.STATUS);
    assertThat(ViewChanges.of(recorded(5, new TransferReceived(400, USD, AccountId.of("b"), "", 50))))
        .containsEntry(ViewFields.BALANCE, "50").doesNotContainKeys(ViewFields.STATUS);
    assertThat(ViewChanges.of(recorded(6, new AccountFrozen("x"))))
        .containsEntry(ViewFields.STATUS, "FROZEN").doesNotContainKeys(ViewFields.BALANCE);
    assertThat(ViewChanges.of(recorded(7, new AccountUnfrozen("x"))))
        .containsEntry(ViewFields.STATUS, "OPEN").doesNotContainKeys(ViewFields.BALANCE);
    assertThat(ViewChanges.of(recorded(8, new AccountClosed())))
        .containsEntry(ViewFields.STATUS, "CLOSED").doesNotContainKeys(ViewFields.BALANCE);
  }
}
