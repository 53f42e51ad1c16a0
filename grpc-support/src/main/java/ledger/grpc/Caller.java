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
 *
 * <p>The subject is written into the metadata of every event the caller's commands append, so
 * it is bounded here, where every caller is made: a subject {@link Subjects} refuses fails the
 * call with {@code UNAUTHENTICATED TOKEN_INVALID} instead of bloating or garbling the audit trail.
 */
public record Caller(String subject, String peerHost, Set<String> scopes, AccountGrant accounts) {

  /** What a caller may do when authentication is off: everything. */
  public static final Set<String> EVERY_SCOPE = Set.of(Scopes.READ, Scopes.WRITE, Scopes.ADMIN);

  public Caller {
    scopes = Set.copyOf(scopes);
    if (subject != null) {
      Subjects.check(subject);
    }
  }

  /** A caller allowed everything (authentication off), named by {@code subject} when known. */
  public Caller(String subject, String peerHost) {
    this(subject, peerHost, EVERY_SCOPE, AccountGrant.EVERY_ACCOUNT);
  }

  /** A caller that did not authenticate (authentication off, or not asked of this RPC). */
  public static Caller anonymous(String peerHost) {
    return new Caller(null, peerHost);
  }

  /**
   * A caller that proved to be {@code subject}. Fails with a {@code TOKEN_INVALID}
   * {@link ledger.domain.LedgerException} when the subject is null, empty, longer than
   * {@value Subjects#MAX_LENGTH} characters or holds a control or invisible character.
   */
  public static Caller authenticated(String subject, String peerHost) {
    if (subject == null) {
      throw Subjects.refused("the credentials name no subject");
    }
    return new Caller(subject, peerHost);
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
