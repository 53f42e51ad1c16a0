package ledger.store.pg;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.store.Checkpoint;

/**
 * What keeps the tail from the head, read from PostgreSQL: the events after a checkpoint,
 * the oldest transaction they wait behind, and the session holding a writer lock.
 */
public final class TailHealth {

  private final Pool pool;

  public TailHealth(Pool pool) {
    this.pool = pool;
  }

  /** The oldest running (or prepared) transaction with an id anywhere in the cluster. */
  public Future<Optional<OldestTransaction>> oldestTransaction() {
    return pool.preparedQuery(Sql.OLDEST_TRANSACTION).execute().map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new OldestTransaction(row.getInteger("pid"), row.getString("database"),
          row.getString("role"), row.getString("application"), row.getString("state"), instant(row, "since"),
          row.getString("prepared_gid")));
    });
  }

  /** The committed events after {@code checkpoint}, counted up to {@code cap}. */
  public Future<Backlog> backlog(Checkpoint checkpoint, int cap) {
    return pool.preparedQuery(Sql.BACKLOG)
        .execute(Tuple.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition(), cap))
        .map(rows -> {
          Row row = rows.iterator().next();
          long events = row.getLong("events");
          return new Backlog(events, events >= cap, row.getLong("held"), instant(row, "oldest"));
        });
  }

  /** The session holding the session advisory lock {@code key} in this database, if one does. */
  public Future<Optional<LockHolder>> lockHolder(long key) {
    return pool.preparedQuery(Sql.ADVISORY_LOCK_HOLDER).execute(Tuple.of(key)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new LockHolder(row.getInteger("pid"), row.getString("application_name"),
          row.getString("client"), instant(row, "backend_start")));
    });
  }

  /** How many sessions of this database hold session advisory lock {@code key}, shared or not. */
  public Future<Long> lockSessions(long key) {
    return pool.preparedQuery(Sql.ADVISORY_LOCK_SESSIONS).execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getLong("sessions"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime at = row.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }

  /**
   * A transaction the tail waits behind. {@code pid} is null for a prepared transaction
   * (then {@code preparedGid} names it); fields the role may not see are null.
   */
  public record OldestTransaction(Integer pid, String database, String role, String application, String state,
                                  Instant since, String preparedGid) {
  }

  /**
   * Events committed after a checkpoint: how many ({@code capped} when at least the cap), how
   * many of them wait behind the oldest transaction, and when the first was recorded (null
   * when none).
   */
  public record Backlog(long events, boolean capped, long held, Instant oldestRecordedAt) {
  }

  /** A session holding a lock: its backend pid, application name, client address, connection time. */
  public record LockHolder(int pid, String application, String client, Instant since) {
  }
}
