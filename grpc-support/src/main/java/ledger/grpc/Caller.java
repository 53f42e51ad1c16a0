package ledger.grpc;

/**
 * Who made a call, as far as the server knows: the authenticated subject (a JWT's {@code sub}
 * or a client certificate's subject; null when nobody authenticated) and the peer's address.
 * Limits per caller count by {@link #limitKey()}.
 *
 * <p>The subject is written into the metadata of every event the caller's commands append, so
 * it is bounded here, where every caller is made: a subject {@link Subjects} refuses fails the
 * call with {@code UNAUTHENTICATED TOKEN_INVALID} instead of bloating or garbling the audit trail.
 */
public record Caller(String subject, String peerHost) {

  public Caller {
    if (subject != null) {
      Subjects.check(subject);
    }
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
}
