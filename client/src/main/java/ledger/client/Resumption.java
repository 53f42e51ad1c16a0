package ledger.client;

import io.grpc.Status;

/**
 * Whether a StreamBalance call that ended with a status may be opened again from where it
 * left off. Pure: a function of the status code and the ErrorInfo reason alone.
 *
 * <p>Resumable: the connection went (UNAVAILABLE: lost, a server shutting down with
 * SHUTTING_DOWN, a GOAWAY at the connection's maximum age), the server shed a client that fell
 * behind (RESOURCE_EXHAUSTED STREAM_TOO_SLOW, or CANCELLED when that status could not reach a
 * client that still was not reading and the server reset the stream instead), a wait ran out
 * (DEADLINE_EXCEEDED), or the stream ended OK although a balance stream never ends by itself. A
 * call the watch cancels itself never gets here. Anything else says the
 * request or the caller is wrong (NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED,
 * INVALID_ARGUMENT, any other RESOURCE_EXHAUSTED such as TOO_MANY_STREAMS, ...): asking again
 * would get the same answer.
 */
public final class Resumption {

  /** The ErrorInfo reason of a stream closed because its client fell too far behind. */
  public static final String STREAM_TOO_SLOW = "STREAM_TOO_SLOW";

  private Resumption() {
  }

  /** True when a call that ended with {@code code} and {@code reason} (null: none) should be resumed. */
  public static boolean resumable(Status.Code code, String reason) {
    return switch (code) {
      case OK, UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> true;
      case RESOURCE_EXHAUSTED -> STREAM_TOO_SLOW.equals(reason);
      default -> false;
    };
  }
}
