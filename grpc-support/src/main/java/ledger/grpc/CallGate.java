package ledger.grpc;

import io.vertx.core.MultiMap;

/**
 * Admits a call when it arrives, from its headers alone, before its body is read: who the caller
 * is and what it may touch, or a refusal (a {@code LedgerException}: UNAUTHENTICATED,
 * PERMISSION_DENIED) that ends the call at once. One gate guards one service, so it knows the
 * scope that service needs. Synchronous, because verifying a token is short CPU work and a
 * call left waiting on it would have to hold its body somewhere meanwhile.
 */
@FunctionalInterface
public interface CallGate {

  /** Authentication off: every caller is admitted as the connection knows it. */
  CallGate OPEN = (headers, connection) -> connection;

  /**
   * The caller admitted, starting from what the connection tells ({@code connection}: the peer, a
   * client certificate's subject); throws a {@code LedgerException} to refuse the call.
   */
  Caller admit(MultiMap headers, Caller connection);
}
