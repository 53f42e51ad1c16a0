package ledger.store;

import java.util.Map;

import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;

/**
 * A stored event this release cannot read, met by a read of its stream (a command, history,
 * time travel, a replay): the account's state cannot be known, so nothing is answered from
 * it. Deploying the release that reads the event ends it.
 */
public final class UnreadableEventException extends LedgerException {

  private final AccountId account;
  private final long version;

  public UnreadableEventException(AccountId account, long version, String problem) {
    super(Reason.EVENT_UNREADABLE, "the event of account " + account + " at version " + version
        + " cannot be read by this release (" + problem + ")",
        Map.of("account_id", account.value(), "version", Long.toString(version)));
    this.account = account;
    this.version = version;
  }

  public AccountId account() {
    return account;
  }

  /** The stream version of the event that cannot be read. */
  public long version() {
    return version;
  }
}
