package ledger.app.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.store.pg.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./ledger migrate}: brings the schema of a PostgreSQL up to date and returns, for a
 * Kubernetes Job that runs before the roles roll out. The URL is read as {@code serve} reads it
 * (TLS from {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}); processes
 * migrating at once queue on the migrator's advisory lock, so a re-run Job is harmless.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final long LIMIT_MS = 300_000;

  private Migrations() {
  }

  /** Applies what is pending; returns how many migrations were applied now. */
  public static int apply(String pgUrl) {
    PgConnectOptions database = SecretUrls.parsing(pgUrl, () -> PostgresUrl.options(pgUrl));
    UnverifiedBackends.warnings(database, null).forEach(LOG::warn);
    Vertx vertx = Vertx.vertx();
    try {
      PostgresTlsCheck.run(vertx, database).await(LIMIT_MS, TimeUnit.MILLISECONDS);
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("ledger-migrate"))
          .connectingTo(database).using(vertx).build();
      return new SchemaMigrator(pool).migrate().eventually(pool::close).await(LIMIT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("migration did not finish within " + LIMIT_MS / 1000 + " s", e);
    } finally {
      vertx.close().await();
    }
  }
}
