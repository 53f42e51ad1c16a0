package ledger.domain;

import java.util.Map;

/**
 * The one way in to the ledger's rules: a command, the current state of every account it
 * names, and out comes one {@link Decision}. Commands on one account go to
 * {@link AccountDecider}, transfers to {@link TransferDecider}.
 */
public final class LedgerDecider {

  private LedgerDecider() {
  }

  /** {@code accounts} holds the state of each of {@link LedgerCommand#accounts()}, unopened ones included. */
  public static Decision decide(LedgerCommand command, Map<AccountId, Account> accounts) {
    if (command instanceof AccountCommand single) {
      return AccountDecider.decide(single, stateOf(single.accountId(), accounts));
    } else if (command instanceof Transfer transfer) {
      return TransferDecider.decide(transfer, stateOf(transfer.from(), accounts), stateOf(transfer.to(), accounts));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private static Account stateOf(AccountId id, Map<AccountId, Account> accounts) {
    Account state = accounts.get(id);
    if (state == null || !state.id().equals(id)) {
      throw new IllegalArgumentException("no state of " + id + " given, only of " + accounts.keySet());
    }
    return state;
  }
}
