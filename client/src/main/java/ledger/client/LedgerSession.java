package ledger.client;

import java.util.List;

import ledger.v1.CloseAccountRequest;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.HistoryEntry;
import ledger.v1.OpenAccountRequest;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/**
 * Read-your-writes without thinking: the commands of a session remember the consistency token
 * of their results, and its reads send the right one, so a balance read after a deposit never
 * shows the balance before it, even from another query instance whose view lags. For each account
 * the session keeps the token of its write with the highest stream version of that account
 * (tokens only move forward); a read of an account the session never wrote waits for the
 * session's latest write instead. {@link #export()} hands the session to another service (an
 * HTTP header, a message field): {@link LedgerClient#resumeSession(String)} continues it there.
 * Thread-safe. History reads come from the event store and need no token.
 */
public final class LedgerSession {

  private final LedgerClient client;
  private final SessionTokens tokens;

  LedgerSession(LedgerClient client, SessionTokens tokens) {
    this.client = client;
    this.tokens = tokens;
  }

  // --- commands: the client's, with their results remembered ---------------------------------

  public CommandOutcome openAccount(String accountId, String currency) {
    return remember(client.openAccount(accountId, currency));
  }

  public CommandOutcome openAccount(OpenAccountRequest request) {
    return remember(client.openAccount(request));
  }

  public CommandOutcome deposit(String accountId, long amountMinor, String currency) {
    return remember(client.deposit(accountId, amountMinor, currency));
  }

  public CommandOutcome deposit(DepositRequest request) {
    return remember(client.deposit(request));
  }

  public CommandOutcome withdraw(String accountId, long amountMinor, String currency) {
    return remember(client.withdraw(accountId, amountMinor, currency));
  }

  public CommandOutcome withdraw(WithdrawRequest request) {
    return remember(client.withdraw(request));
  }

  public CommandOutcome transfer(String fromAccountId, String toAccountId, long amountMinor, String currency) {
    return remember(client.transfer(fromAccountId, toAccountId, amountMinor, currency));
  }

  public CommandOutcome transfer(TransferRequest request) {
    return remember(client.transfer(request));
  }

  public CommandOutcome freezeAccount(String accountId, String reason) {
    return remember(client.freezeAccount(accountId, reason));
  }

  public CommandOutcome freezeAccount(FreezeAccountRequest request) {
    return remember(client.freezeAccount(request));
  }

  public CommandOutcome unfreezeAccount(String accountId, String reason) {
    return remember(client.unfreezeAccount(accountId, reason));
  }

  public CommandOutcome unfreezeAccount(UnfreezeAccountRequest request) {
    return remember(client.unfreezeAccount(request));
  }

  public CommandOutcome closeAccount(String accountId) {
    return remember(client.closeAccount(accountId));
  }

  public CommandOutcome closeAccount(CloseAccountRequest request) {
    return remember(client.closeAccount(request));
  }

  /** Takes in the result of a write made outside this session (another client, another path). */
  public CommandOutcome remember(CommandOutcome outcome) {
    tokens.record(outcome);
    return outcome;
  }

  // --- reads: the session's token sent along -----------------------------------------------

  /** The balance, no older than this session's last write of the account. */
  public AccountBalance getBalance(String accountId) {
    return client.getBalance(accountId, tokens.tokenFor(accountId));
  }

  public HistoryPage getHistory(String accountId, long fromVersion, int pageSize, String pageToken) {
    return client.getHistory(accountId, fromVersion, pageSize, pageToken);
  }

  public List<HistoryEntry> getHistory(String accountId, long fromVersion) {
    return client.getHistory(accountId, fromVersion);
  }

  /** The token a read of {@code accountId} sends now ("" before the session's first write). */
  public String consistencyTokenFor(String accountId) {
    return tokens.tokenFor(accountId);
  }

  /** The highest stream version of {@code accountId} this session has written (0 if none). */
  public long writtenVersionOf(String accountId) {
    return tokens.versionOf(accountId);
  }

  /** Takes in a session another service exported: per account the newer write wins. */
  public LedgerSession merge(String exported) {
    tokens.merge(exported);
    return this;
  }

  /**
   * The session as one string of URL- and header-safe characters ({@code ls1.} then URL-safe
   * base64), about 130 characters per account written (20-character ids) and {@value SessionTokens#MAX_ACCOUNTS}
   * accounts (the ones written longest ago are dropped first; their reads then wait for the latest write).
   */
  public String export() {
    return tokens.export();
  }
}
