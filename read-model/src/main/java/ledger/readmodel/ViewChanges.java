package ledger.readmodel;

import java.util.LinkedHashMap;
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
import ledger.domain.AccountStatus;
import ledger.readmodel.AccountView;
import ledger.readmodel.ViewFields;
import ledger.store.RecordedEvent;

/**
 * Which view fields each event determines. Events are applied as field updates, so the
 * updates of several consecutive events of one account merge into one write.
 */
final class ViewChanges {

  private ViewChanges() {
  }

  static Map<String, String> of(RecordedEvent recorded) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(ViewFields.VERSION, Long.toString(recorded.version()));
    fields.put(ViewFields.GLOBAL_POSITION, Long.toString(recorded.globalPosition()));
    fields.put(ViewFields.UPDATED_AT_MICROS, Long.toString(AccountView.toMicros(recorded.recordedAt())));
    AccountEvent event = recorded.event();
    if (event instanceof AccountOpened opened) {
      fields.put(ViewFields.CURRENCY, opened.currency().code());
      fields.put(ViewFields.OVERDRAFT_LIMIT, Long.toString(opened.overdraftLimitMinor()));
      fields.put(ViewFields.STATUS, AccountStatus.OPEN.name());
      fields.put(ViewFields.BALANCE, "0");
    } else if (event instanceof MoneyDeposited deposited) {
      fields.put(ViewFields.BALANCE, Long.toString(deposited.balanceAfterMinor()));
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      fields.put(ViewFields.BALANCE, Long.toString(withdrawn.balanceAfterMinor()));
    } else if (event instanceof TransferSent sent) {
      fields.put(ViewFields.BALANCE, Long.toString(sent.balanceAfterMinor()));
    } else if (event instanceof TransferReceived received) {
      fields.put(ViewFields.BALANCE, Long.toString(received.balanceAfterMinor()));
    } else if (event instanceof AccountFrozen) {
      fields.put(ViewFields.STATUS, AccountStatus.FROZEN.name());
    } else if (event instanceof AccountUnfrozen) {
      fields.put(ViewFields.STATUS, AccountStatus.OPEN.name());
    } else if (event instanceof AccountClosed) {
      fields.put(ViewFields.STATUS, AccountStatus.CLOSED.name());
    } else {
      throw new IllegalArgumentException("no view change for " + event);
    }
    return fields;
  }

  /** The fields a run of consecutive events of one account determine, as of the last. */
  static Map<String, String> merged(List<RecordedEvent> events) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (RecordedEvent event : events) {
      fields.putAll(of(event));
    }
    return fields;
  }
}
