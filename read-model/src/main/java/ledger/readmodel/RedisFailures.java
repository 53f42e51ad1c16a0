package ledger.readmodel;

import java.util.Set;

import io.vertx.core.impl.NoStackTraceThrowable;
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

  /**
   * What vertx-redis-client 5.0.7 fails a command with, as a bare message (NoStackTraceThrowable)
   * and no type of its own, when the connection is already closed or its queue of commands
   * awaiting replies is full (RedisStandaloneConnection): named exactly here.
   */
  private static final Set<String> UNAVAILABLE_MESSAGES = Set.of("Connection is closed", "Redis waiting queue is full");

  private RedisFailures() {
  }

  public static boolean isUnavailable(Throwable failure) {
    if (failure instanceof NoStackTraceThrowable) {
      return UNAVAILABLE_MESSAGES.contains(failure.getMessage());
    }
    return failure instanceof ErrorType error && UNAVAILABLE_CODES.contains(codeOf(error));
  }

  /** ErrorType is the client's type for every error reply; the code is the reply's first word. */
  private static String codeOf(ErrorType error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
