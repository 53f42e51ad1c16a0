package ledger.projection;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import ledger.store.pg.AdvisoryLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active projection writer at a time: a PostgreSQL session advisory lock, held on a
 * connection of its own. If this process dies or loses that connection, PostgreSQL
 * releases the lock and a standby takes it.
 */
final class LeaderLock {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderLock.class);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private PgConnection connection;

  LeaderLock(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Tries once; true when this process now holds the lock. {@code lost} runs if it is later lost. */
  Future<Boolean> tryAcquire(Runnable lost) {
    Future<PgConnection> conn = connection != null ? Future.succeededFuture(connection)
        : PgConnection.connect(vertx, options).map(c -> {
          connection = c;
          // A killed connection is reported through the close handler; the error itself is expected.
          c.exceptionHandler(failure -> LOG.debug("Writer-lock connection failed", failure));
          return c;
        });
    return conn.compose(c -> c.preparedQuery("SELECT pg_try_advisory_lock($1) AS held")
            .execute(Tuple.of(AdvisoryLocks.PROJECTION_WRITER))
            .map(rows -> rows.iterator().next().getBoolean("held"))
            .onSuccess(held -> {
              if (held) {
                c.closeHandler(closed -> {
                  connection = null;
                  lost.run();
                });
              }
            }))
        .onFailure(failed -> release());
  }

  Future<Void> release() {
    PgConnection c = connection;
    connection = null;
    if (c == null) {
      return Future.succeededFuture();
    }
    c.closeHandler(null);
    return c.close();
  }
}
