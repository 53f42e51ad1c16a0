package ledger.store.pg;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * A PostgreSQL session of its own, to hold a session advisory lock on: the lock lasts as
 * long as the session, so the session's end is the lock's release. TCP keepalive is on (at
 * the operating system's intervals; Vert.x 5.0 sets no per-socket ones), and the holder can
 * ask PostgreSQL to end the session, and so release the lock, once its client goes silent.
 */
public final class LockSession {

  // A pool of one is how Vert.x 5 takes client TCP options for a PostgreSQL connection.
  private final Pool pool;
  private final SqlConnection connection;

  private LockSession(Pool pool, SqlConnection connection) {
    this.pool = pool;
    this.connection = connection;
  }

  /** Opens the session; {@code name} labels it in the connection-pool metrics. */
  public static Future<LockSession> open(Vertx vertx, PgConnectOptions options, String name) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName(name))
        .with(new NetClientOptions().setTcpKeepAlive(true)).connectingTo(options).using(vertx).build();
    return pool.getConnection().map(c -> new LockSession(pool, c)).onFailure(failed -> pool.close());
  }

  /** Tries once, without waiting; true when this session now holds lock {@code key}. */
  public Future<Boolean> tryLock(long key) {
    return connection.preparedQuery(Sql.TRY_LOCK).execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getBoolean("held"));
  }

  /** Tries once, without waiting, to take lock {@code key} shared (beside other sharers); true when held. */
  public Future<Boolean> tryLockShared(long key) {
    return connection.preparedQuery(Sql.TRY_LOCK_SHARED).execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getBoolean("held"));
  }

  /**
   * Has PostgreSQL end this session once its client has been silent for about {@code silence}
   * (whole seconds, at least 2): idle that long, or its TCP peer gone. A holder that wants to
   * keep its lock must {@link #check} more often than that.
   */
  public Future<Void> endWhenSilentFor(Duration silence) {
    long seconds = Math.max(2, silence.toSeconds());
    long probesAfter = seconds / 2;
    return connection.preparedQuery(Sql.END_WHEN_SILENT)
        .execute(Tuple.of(Long.toString(seconds * 1000), Long.toString(probesAfter),
            Long.toString(seconds - probesAfter)))
        .mapEmpty();
  }

  /** One round trip: succeeds when the session answered, which also makes it not idle. */
  public Future<Void> check() {
    return connection.query(Sql.SESSION_CHECK).execute().mapEmpty();
  }

  /** Runs when the connection ends, whoever ended it (not after {@link #close}). */
  public void closeHandler(Handler<Void> handler) {
    connection.closeHandler(handler);
  }

  public void exceptionHandler(Handler<Throwable> handler) {
    connection.exceptionHandler(handler);
  }

  /** Closes the connection; PostgreSQL ends the session, and releases its locks, once the close reaches it. */
  public Future<Void> close() {
    connection.closeHandler(null);
    return pool.close();
  }
}
