package ledger.store.pg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered migrations under {@code db/migration} in order, each in its own
 * transaction, recording them in {@code ledger.schema_migrations}. Instances starting
 * together queue on an advisory lock; an applied migration whose file has since
 * changed stops the start-up rather than leave the schema in doubt.
 */
public final class SchemaMigrator {

  /** Every migration, in order. A test checks that no file under db/migration is missing here. */
  public static final List<String> MIGRATIONS = List.of(
      "V1__events.sql",
      "V2__commands.sql",
      "V3__events_are_immutable.sql",
      "V4__snapshots.sql",
      "V5__ledger_identity.sql",
      "V6__commands_subject.sql");

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final Pool pool;
  private final List<Migration> migrations;

  public SchemaMigrator(Pool pool) {
    this.pool = pool;
    this.migrations = MIGRATIONS.stream().map(Migration::load).toList();
  }

  /** Brings the schema up to date; completes with the number of migrations applied now. */
  public Future<Integer> migrate() {
    return pool.withConnection(conn -> conn.query(Sql.MIGRATION_LOCK).execute()
        .compose(locked -> conn.query(Sql.CREATE_MIGRATIONS_TABLE).execute())
        .compose(created -> conn.query(Sql.APPLIED_MIGRATIONS).execute())
        .compose(rows -> applyPending(conn, checksums(rows), 0, 0))
        .eventually(() -> conn.query(Sql.MIGRATION_UNLOCK).execute()));
  }

  /**
   * The files of this build's migrations that the database has not recorded yet, in order;
   * empty when the schema is up to date (or ahead: a newer build migrated it). Writes nothing
   * and takes no lock, so a process that must not migrate can ask while another migrates.
   * Fails, like {@link #migrate()}, when an applied migration's file has changed.
   */
  public Future<List<String>> pending() {
    return pool.withConnection(conn -> conn.query(Sql.MIGRATIONS_TABLE_PRESENT).execute()
        .compose(present -> present.iterator().next().getBoolean("present")
            ? conn.query(Sql.APPLIED_MIGRATIONS).execute().map(SchemaMigrator::checksums)
            : Future.succeededFuture(Map.<Integer, String>of()))
        .compose(applied -> {
          List<String> pending = new ArrayList<>();
          for (Migration migration : migrations) {
            String checksum = applied.get(migration.version());
            if (checksum == null) {
              pending.add(migration.file());
            } else if (!checksum.equals(migration.checksum())) {
              return Future.failedFuture(changed(migration, checksum));
            }
          }
          return Future.succeededFuture(List.copyOf(pending));
        }));
  }

  private static Map<Integer, String> checksums(RowSet<Row> rows) {
    Map<Integer, String> applied = new HashMap<>();
    for (Row row : rows) {
      applied.put(row.getInteger("version"), row.getString("checksum"));
    }
    return applied;
  }

  private static IllegalStateException changed(Migration migration, String checksum) {
    return new IllegalStateException("migration " + migration.file()
        + " was changed after it was applied (checksum " + checksum + " in the database, "
        + migration.checksum() + " now); add a new migration instead of editing an applied one");
  }

  private Future<Integer> applyPending(SqlConnection conn, Map<Integer, String> applied, int index, int count) {
    if (index == migrations.size()) {
      return Future.succeededFuture(count);
    }
    Migration next = migrations.get(index);
    String checksum = applied.get(next.version());
    if (checksum != null) {
      if (!checksum.equals(next.checksum())) {
        return Future.failedFuture(changed(next, checksum));
      }
      return applyPending(conn, applied, index + 1, count);
    }
    LOG.info("Applying migration {}", next.file());
    return conn.begin()
        .compose(tx -> conn.query(next.sql()).execute()
            .compose(done -> conn.preparedQuery(Sql.RECORD_MIGRATION)
                .execute(Tuple.of(next.version(), next.file(), next.checksum())))
            .compose(recorded -> tx.commit())
            .onFailure(failed -> tx.rollback()))
        .compose(committed -> applyPending(conn, applied, index + 1, count + 1));
  }

  record Migration(int version, String file, String sql, String checksum) {

    static Migration load(String file) {
      int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
      String resource = "db/migration/" + file;
      try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing migration resource " + resource);
        }
        byte[] bytes = in.readAllBytes();
        return new Migration(version, file, new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
