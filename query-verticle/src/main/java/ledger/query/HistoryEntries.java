package ledger.query;

import ledger.domain.Account;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.BalanceDelta;
import ledger.grpc.ProtoTime;
import ledger.store.EventCodec;
import ledger.store.RecordedEvent;
import ledger.v1.AccountStatus;
import ledger.v1.HistoryEntry;

/** Recorded events as an auditor reads them: what moved, which way, and where that left the account. */
final class HistoryEntries {

  private HistoryEntries() {
  }

  /** The entry for {@code recorded}, given the account's state right after it. */
  static HistoryEntry of(RecordedEvent recorded, Account after) {
    HistoryEntry.Builder entry = HistoryEntry.newBuilder()
        .setVersion(recorded.version())
        .setGlobalPosition(recorded.globalPosition())
        .setEventType(EventCodec.typeOf(recorded.event()))
        .setRecordedAt(ProtoTime.timestamp(recorded.recordedAt()))
        .setBalanceAfterMinor(after.balanceMinor())
        .setCurrency(after.currency() == null ? "" : after.currency().code())
        .setStatusAfter(AccountStatus.valueOf(after.status().name()))
        .setCommandId(nullToEmpty(recorded.metadata().commandId()))
        .setCorrelationId(nullToEmpty(recorded.metadata().correlationId()))
        .setSubject(nullToEmpty(recorded.metadata().subject()));
    describe(recorded.event(), entry);
    return entry.build();
  }

  private static void describe(AccountEvent event, HistoryEntry.Builder entry) {
    if (event instanceof AccountOpened) {
      return;
    } else if (event instanceof MoneyDeposited deposited) {
      money(entry, event, deposited.reference());
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      money(entry, event, withdrawn.reference());
    } else if (event instanceof TransferSent sent) {
      money(entry, event, sent.reference()).setCounterpartyAccountId(sent.to().value());
    } else if (event instanceof TransferReceived received) {
      money(entry, event, received.reference()).setCounterpartyAccountId(received.from().value());
    } else if (event instanceof AccountFrozen frozen) {
      entry.setReason(frozen.reason());
    } else if (event instanceof AccountUnfrozen unfrozen) {
      entry.setReason(unfrozen.reason());
    } else if (event instanceof AccountClosed) {
      return;
    } else {
      throw new IllegalArgumentException("no history entry for " + event);
    }
  }

  private static HistoryEntry.Builder money(HistoryEntry.Builder entry, AccountEvent event, String reference) {
    long delta = BalanceDelta.of(event);
    return entry.setAmountMinor(Math.abs(delta)).setDeltaMinor(delta).setReference(reference);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
