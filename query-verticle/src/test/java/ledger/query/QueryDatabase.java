package ledger.query;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.store.pg.SchemaMigrator;
import ledger.testkit.TestInfra;

/** One migrated database for the query tests of this JVM; history tests write their own accounts into it. */
final class QueryDatabase {

  private static PgConnectOptions options;

  private QueryDatabase() {
  }

  static synchronized PgConnectOptions options() {
    if (options == null) {
      PgConnectOptions fresh = TestInfra.freshDatabase("query");
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(fresh).using(vertx).build();
        Blocking.await(new SchemaMigrator(pool).migrate());
        Blocking.await(pool.close());
      } finally {
        Blocking.await(vertx.close());
      }
      options = fresh;
    }
    return options;
  }
}
