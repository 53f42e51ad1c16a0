package ledger.readmodel;

import java.util.Set;

import io.vertx.redis.client.impl.types.ErrorType;

/**
 * Redis failures that mean Redis did not answer, rather than refused or a bug, told apart by
 * the error's code: the client's own CONNECTION_CLOSED (the connection went away with the
 * command in flight: a restart, a failover, CLIENT KILL), and the server's codes for "not
 * now" (loading a snapshot, busy with a script, a replica or cluster without a master).
 * Worth a retry by the caller. Transport failures common to every backend (refused
 * connections, timeouts, a full pool) are told apart by the gRPC layer.
 */
public final class RedisFailures {

  private static final Set<String> UNAVAILABLE_CODES =
      Set.of("CONNECTION_CLOSED", "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN");

  private RedisFailures() {
  }

  public static boolean isUnavailable(Throwable failure) {
    return failure instanceof ErrorType error && UNAVAILABLE_CODES.contains(codeOf(error));
  }

  /** ErrorType is the client's type for every error reply; the code is the reply's first word. */
  private static String codeOf(ErrorType error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
