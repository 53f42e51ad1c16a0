package ledger.domain;

import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;

/** How an event changes its account's balance: + for credits, - for debits, 0 for everything else. */
public final class BalanceDelta {

  private BalanceDelta() {
  }

  public static long of(AccountEvent event) {
    if (event instanceof MoneyDeposited deposited) {
      return deposited.amountMinor();
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return -withdrawn.amountMinor();
    } else if (event instanceof TransferSent sent) {
      return -sent.amountMinor();
    } else if (event instanceof TransferReceived received) {
      return received.amountMinor();
    } else if (event instanceof AccountOpened || event instanceof AccountFrozen || event instanceof AccountUnfrozen
        || event instanceof AccountClosed) {
      return 0;
    }
    throw new IllegalArgumentException("unknown event " + event);
  }
}
