package ledger.store;

import java.io.IOException;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Tells a backend that did not answer (connection refused or lost, pool exhausted,
 * server shutting down) from a bug. The first is worth a retry by the caller
 * (UNAVAILABLE); the second is not.
 */
public final class BackendFailures {

  private BackendFailures() {
  }

  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof java.util.concurrent.TimeoutException
          || t instanceof ClosedConnectionException) {
        return true;
      }
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        String state = db.getSqlState();
        // 08: connection exception; 53: insufficient resources; 57P: operator intervention (shutdown)
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
      }
      if (t instanceof VertxException && t.getMessage() != null
          && (t.getMessage().contains("closed") || t.getMessage().contains("Connection")
          || t.getMessage().contains("pool") || t.getMessage().contains("Timeout"))) {
        return true;
      }
      String type = t.getClass().getSimpleName();
      if (type.contains("ConnectionPoolTooBusy") || type.contains("ClosedException") || type.contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}
