package ledger.grpc;

import java.util.Map;
import java.util.Set;

import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;

/**
 * Who made a call, as far as the server knows: the authenticated subject (a JWT's {@code sub}
 * or a client certificate's subject; null when nobody authenticated), the peer's address, the
 * scopes its token grants and the accounts it may touch. Limits per caller count by
 * {@link #limitKey()}.
 */
public record Caller(String subject, String peerHost, Set<String> scopes, AccountGrant accounts) {

  /** What a caller may do when authentication is off: everything. */
  public static final Set<String> EVERY_SCOPE = Set.of(Scopes.READ, Scopes.WRITE, Scopes.ADMIN);

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  /** A caller allowed everything (authentication off), named by {@code subject} when known. */
  public Caller(String subject, String peerHost) {
    this(subject, peerHost, EVERY_SCOPE, AccountGrant.EVERY_ACCOUNT);
  }

  /** A caller that did not authenticate (authentication off, or not asked of this RPC). */
  public static Caller anonymous(String peerHost) {
    return new Caller(null, peerHost);
  }

  /** The subject when there is one, otherwise the peer's address. */
  public String limitKey() {
    return subject != null ? "sub:" + subject : "peer:" + peerHost;
  }

  /** Refuses (PERMISSION_DENIED ACCOUNT_NOT_ALLOWED) an account outside the caller's grant. */
  public void requireAccount(AccountId account) {
    if (!accounts.allows(account)) {
      throw new LedgerException(Reason.ACCOUNT_NOT_ALLOWED, "this caller may not touch account " + account.value(),
          Map.of("account_id", account.value()));
    }
  }

  /**
   * Refuses a caller whose grant names accounts: for calls that span every account (a full
   * audit or rebuild, the projection's status with its degraded accounts). The metadata's
   * {@code account_id} is {@code *}, every account.
   */
  public void requireEveryAccount() {
    if (!accounts.isEvery()) {
      throw new LedgerException(Reason.ACCOUNT_NOT_ALLOWED,
          "this call spans every account; this caller may touch only some", Map.of("account_id", "*"));
    }
  }
}
