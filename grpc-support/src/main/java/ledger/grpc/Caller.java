package ledger.grpc;

/**
 * Who made a call, as far as the server knows: the authenticated subject (a JWT's {@code sub}
 * or a client certificate's subject; null when nobody authenticated) and the peer's address.
 * Limits per caller count by {@link #limitKey()}.
 */
public record Caller(String subject, String peerHost) {

  /** A caller that did not authenticate (authentication off, or not asked of this RPC). */
  public static Caller anonymous(String peerHost) {
    return new Caller(null, peerHost);
  }

  /** The subject when there is one, otherwise the peer's address. */
  public String limitKey() {
    return subject != null ? "sub:" + subject : "peer:" + peerHost;
  }
}
