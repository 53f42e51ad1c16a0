package ledger.projection;

import static ledger.testkit.Waits.await;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.store.pg.AdvisoryLocks;
import ledger.store.pg.CommitNotifier;
import ledger.testkit.TestInfra;

/** What a DBA, a failover or a flaky network does to a test database's connections, and how to watch it. */
final class PgFaults {

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions database;

  PgFaults(Vertx vertx, Pool pool, PgConnectOptions database) {
    this.vertx = vertx;
    this.pool = pool;
    this.database = database;
  }

  /** Ends a backend from another connection, as an operator or a network fault would. */
  boolean terminateBackend(int pid) {
    return await(pool.preparedQuery("SELECT pg_terminate_backend($1) AS done").execute(Tuple.of(pid)))
        .iterator().next().getBoolean("done");
  }

  /** While refused, nobody can open a connection to the test database; open connections stay. */
  void refuseNewConnections(boolean refuse) {
    // PostgreSQL refuses this for the current database, so it is said from the server's own "postgres" one
    PgConnection admin = await(PgConnection.connect(vertx, TestInfra.pgOptions("postgres")));
    try {
      await(admin.query("ALTER DATABASE " + database.getDatabase() + " WITH ALLOW_CONNECTIONS " + !refuse).execute());
    } finally {
      await(admin.close());
    }
  }

  /** Drops every connection the projection has, as a PostgreSQL restart or failover would; returns how many. */
  long terminateConnectionsOf(RunningProjection projection) {
    return await(pool.preparedQuery("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = $1")
        .execute(Tuple.of(projection.applicationName))).iterator().next().getLong("n");
  }

  /** The projection's connections whose last statement was a LISTEN: its live doorbells. */
  long listenersOf(RunningProjection projection) {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = $1 AND query ILIKE 'LISTEN%'")
        .execute(Tuple.of(projection.applicationName))).iterator().next().getLong("n");
  }

  /**
   * The projection's LISTEN backend, found as an operator would: the newest of its connections
   * whose statement is the LISTEN on the commit channel; -1 while it has none.
   */
  int listenerOf(RunningProjection projection) {
    for (Row row : await(pool.preparedQuery("SELECT pid FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = $1"
            + " AND query ILIKE 'LISTEN%' AND strpos(query, $2) > 0 ORDER BY backend_start DESC LIMIT 1")
        .execute(Tuple.of(projection.applicationName, CommitNotifier.CHANNEL)))) {
      return row.getInteger("pid");
    }
    return -1;
  }

  boolean backendAlive(int pid) {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1")
        .execute(Tuple.of(pid))).iterator().next().getLong("n") > 0;
  }

  /** Backends of this database holding the projection's advisory lock (classid/objid: high/low 32 bits). */
  List<Integer> projectionLockHolders() {
    return lockHolders(AdvisoryLocks.PROJECTION_WRITER);
  }

  /** The application_name of each backend of this database holding advisory lock {@code key} (a partition's). */
  List<String> lockHolderNames(long key) {
    List<String> names = new ArrayList<>();
    for (int pid : lockHolders(key)) {
      for (Row row : await(pool.preparedQuery("SELECT application_name FROM pg_stat_activity WHERE pid = $1")
          .execute(Tuple.of(pid)))) {
        names.add(row.getString("application_name"));
      }
    }
    return names;
  }

  /** Backends of this database holding advisory lock {@code key}. */
  List<Integer> lockHolders(long key) {
    List<Integer> pids = new ArrayList<>();
    for (Row row : await(pool.preparedQuery("""
            SELECT pid FROM pg_locks
             WHERE locktype = 'advisory' AND granted AND objsubid = 1
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND classid::bigint = $1 AND objid::bigint = $2""")
        .execute(Tuple.of(key >>> 32, key & 0xFFFF_FFFFL)))) {
      pids.add(row.getInteger("pid"));
    }
    return pids;
  }
}
