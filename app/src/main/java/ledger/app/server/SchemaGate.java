package ledger.app.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import ledger.store.pg.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema step of a start (docs/kubernetes.md, "Upgrade"). With {@code --migrate} the process
 * applies pending migrations itself, as {@code ./ledger serve} on one host does. Without, another
 * process migrates (the {@code ledger-migrate} Job): this one waits for the schema, not ready
 * (nothing listens yet), up to {@code --schema-wait-ms}, then stops with a non-zero exit so that
 * Kubernetes restarts it with back-off and the rollout stalls on it instead of running new code
 * on an old schema. A schema ahead of this build (a newer build migrated it) is accepted:
 * migrations only add, so the previous release keeps working during a rolling upgrade.
 */
final class SchemaGate {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaGate.class);
  /** How often a waiting process asks again; one cheap query. */
  static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration QUERY_LIMIT = Duration.ofSeconds(60);

  private SchemaGate() {
  }

  /** Blocks the launcher's thread (never an event loop) until the schema suits this build, or throws. */
  static void pass(Pool pool, ServerOperations operations) {
    SchemaMigrator migrator = new SchemaMigrator(pool);
    if (operations.migrate()) {
      int applied = await(migrator.migrate(), "schema migration");
      LOG.info("Schema up to date ({} migrations applied now)", applied);
      return;
    }
    long started = System.nanoTime();
    long deadline = started + operations.schemaWait().toNanos();
    List<String> pending = await(migrator.pending(), "schema check");
    if (!pending.isEmpty()) {
      LOG.warn("Schema is behind this build: {} not applied. Waiting up to {} s for `ledger migrate` "
          + "(the ledger-migrate Job) to apply them; this process does not migrate (--migrate=false)",
          pending, operations.schemaWait().toSeconds());
    }
    while (!pending.isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("schema still behind this build after " + operations.schemaWait().toSeconds()
            + " s (--schema-wait-ms): " + pending + " not applied; run `ledger migrate` (the ledger-migrate Job) "
            + "or start one process with --migrate=true");
      }
      sleep(POLL);
      pending = await(migrator.pending(), "schema check");
    }
    LOG.info("Schema up to date after {} ms of waiting (--migrate=false: this process applies no migration)",
        (System.nanoTime() - started) / 1_000_000);
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.await(QUERY_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within " + QUERY_LIMIT.toSeconds() + " s", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the schema", e);
    }
  }
}
