package ledger.store.pg;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * PostgreSQL failures that mean the database did not answer, rather than refused or a bug:
 * a connection lost with a request in flight, or an error of SQLSTATE class 08 (connection
 * exception), 53 (insufficient resources) or 57P (operator intervention: shutdown, crash
 * recovery). Worth a retry by the caller. Transport failures common to every backend
 * (refused connections, timeouts) are told apart by the gRPC layer.
 */
public final class PgFailures {

  /**
   * vertx-sql-client 5.0.7 fails a statement that waited longer than the pool's connection
   * timeout for a connection (all busy, or PostgreSQL out of reach) with a bare VertxException
   * of this message (SqlConnectionPool): no type of its own, so it is named exactly here.
   */
  static final String POOL_WAIT_TIMEOUT = "Timeout waiting for connection";

  private PgFailures() {
  }

  public static boolean isUnavailable(Throwable failure) {
    if (failure instanceof ClosedConnectionException) {
      return true;
    }
    if (failure.getClass() == VertxException.class && POOL_WAIT_TIMEOUT.equals(failure.getMessage())) {
      return true;
    }
    if (failure instanceof DatabaseException database && database.getSqlState() != null) {
      String state = database.getSqlState();
      return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
    }
    return false;
  }
}
