package ledger.load.grpc;

import io.vertx.grpc.common.GrpcStatus;

/**
 * How one call ended. Times are {@code System.nanoTime()} values; {@code firstMessageNanos}
 * is -1 when no response message arrived.
 *
 * @param messages response messages received (one for a unary OK call)
 */
public record CallOutcome(GrpcStatus status, String message, long sentNanos, long firstMessageNanos, long endNanos,
                          int messages) {

  public boolean ok() {
    return status == GrpcStatus.OK;
  }

  /** When the call answered: its first message for a stream (as ghz times streams), else its end. */
  public long answeredNanos(boolean streaming) {
    return streaming && firstMessageNanos >= 0 ? firstMessageNanos : endNanos;
  }
}
