package ledger.store.pg;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountId;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import ledger.store.UnreadableEvent;

/**
 * Reads the whole store in commit-safe order. Successive reads from the last checkpoint
 * returned never skip an event, even when transactions commit out of position order:
 * see {@link Sql#READ_AFTER}.
 */
public final class EventTail {

  /**
   * The rows after a checkpoint in tail order: the events this code reads, each with when it
   * was committed (PostgreSQL's commit time where it tracks them, {@code track_commit_timestamp
   * = on}, otherwise the event's recorded time, the start of its transaction, so a commit's own
   * duration counts as lag), the rows it cannot read, the checkpoint of the last row of all and
   * how many rows were read. A tail of some accounts only ({@link #only}) leaves the others'
   * rows out of the lists, but not out of {@code last} and {@code rows}: the checkpoint moves
   * over every row read.
   */
  public record Batch(List<RecordedEvent> events, Instant[] committedAt, boolean commitTimesTracked,
                      List<UnreadableEvent> unreadable, Checkpoint last, int rows) {

    /** No row was read: the tail is at the head. */
    public boolean isEmpty() {
      return rows == 0;
    }

    /** Rows read, readable or not, kept or not. */
    public int size() {
      return rows;
    }
  }

  private final Pool pool;
  /** The accounts whose rows this tail returns; null for all of them (then nothing is filtered). */
  private final Predicate<AccountId> keep;
  /** Whether each event's traceparent is read with it; only a traced projection pays for that. */
  private final boolean traced;
  private volatile Future<Boolean> tracksCommitTimes;

  public EventTail(Pool pool) {
    this(pool, null, false);
  }

  private EventTail(Pool pool, Predicate<AccountId> keep, boolean traced) {
    this.pool = pool;
    this.keep = keep;
    this.traced = traced;
  }

  /** A tail over the same pool whose events carry their traceparent in their metadata (null when none was written). */
  public EventTail traced() {
    return new EventTail(pool, keep, true);
  }

  /**
   * A tail over the same pool that returns only the rows of the accounts {@code keep} accepts
   * (a projection partition's), while its batches' checkpoints move over every row read.
   */
  public EventTail only(Predicate<AccountId> keep) {
    return new EventTail(pool, keep, traced);
  }

  /**
   * Events after the checkpoint, without their metadata (command and correlation ids are null);
   * fails if one of them cannot be read.
   */
  public Future<List<RecordedEvent>> readAfter(Checkpoint checkpoint, int limit) {
    return read(checkpoint, limit).map(batch -> {
      if (!batch.unreadable().isEmpty()) {
        throw new IllegalStateException("unreadable event in the store: " + batch.unreadable().get(0));
      }
      return batch.events();
    });
  }

  /** As {@link #readAfter}, with each event's commit time. */
  public Future<Batch> read(Checkpoint checkpoint, int limit) {
    return read(pool, checkpoint, limit);
  }

  /**
   * As {@link #read(Checkpoint, int)}, on a connection taken first: fails with a {@code
   * TimeoutException} when the read, once sent, gets no answer within {@code silentAfter}
   * (its connection went silent). Time spent waiting for a connection does not count: a busy
   * pool is not a silent one.
   */
  public Future<Batch> read(Checkpoint checkpoint, int limit, Duration silentAfter) {
    return pool.getConnection().compose(connection -> {
      Future<Batch> read = read(connection, checkpoint, limit).timeout(silentAfter.toMillis(), TimeUnit.MILLISECONDS);
      // not waited for: giving back a connection whose read is still in flight waits for that read
      read.onComplete(done -> connection.close());
      return read;
    });
  }

  private Future<Batch> read(SqlClient client, Checkpoint checkpoint, int limit) {
    return commitTimesTracked(client).compose(tracked -> client
        .preparedQuery(traced
            ? (tracked ? Sql.READ_AFTER_TRACED_WITH_COMMIT_TIME : Sql.READ_AFTER_TRACED)
            : (tracked ? Sql.READ_AFTER_WITH_COMMIT_TIME : Sql.READ_AFTER))
        .execute(Tuple.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition(), limit))
        .map(rows -> {
          List<RecordedEvent> events = new ArrayList<>(rows.size());
          List<UnreadableEvent> unreadable = new ArrayList<>(0);
          Instant[] committed = new Instant[rows.size()];
          Checkpoint last = checkpoint;
          for (Row row : rows) {
            if (keep != null && !keep.test(AccountId.of(row.getString("stream_id")))) {
              // another partition's row: moved over, never decoded
              last = new Checkpoint(row.getLong("transaction_id"), row.getLong("global_position"));
              continue;
            }
            Rows.Read read = Rows.tailRow(row);
            if (read.event() == null) {
              unreadable.add(read.unreadable());
              last = read.unreadable().checkpoint();
              continue;
            }
            RecordedEvent event = read.event();
            // a frozen row (old, vacuumed) has no commit time left; its recorded time is close enough
            OffsetDateTime at = tracked ? row.getOffsetDateTime("committed_at") : null;
            committed[events.size()] = at != null ? at.toInstant().truncatedTo(ChronoUnit.MICROS) : event.recordedAt();
            events.add(event);
            last = event.checkpoint();
          }
          return new Batch(events, Arrays.copyOf(committed, events.size()), tracked, unreadable, last, rows.size());
        }))
        // PostgreSQL may have been restarted with another setting: ask again on the next read
        .onFailure(failure -> tracksCommitTimes = null);
  }

  /** Asked once per tail, and again after any failed read. */
  private Future<Boolean> commitTimesTracked(SqlClient client) {
    Future<Boolean> known = tracksCommitTimes;
    if (known == null) {
      known = client.query(Sql.TRACKS_COMMIT_TIMES).execute().map(rows -> rows.iterator().next().getBoolean("tracked"));
      tracksCommitTimes = known;
    }
    return known;
  }

  /**
   * The next transaction id the cluster hands out. A checkpoint at or above it cannot come
   * from this cluster's past: the database was restored from a backup taken before it.
   */
  public Future<Long> nextTransactionId() {
    return pool.preparedQuery(Sql.NEXT_TRANSACTION_ID).execute()
        .map(rows -> rows.iterator().next().getLong("next_transaction_id"));
  }

  /**
   * Whether the event a checkpoint names is in the store. Events are never deleted, so a
   * checkpoint whose event is missing was written against a history this database does not
   * have (a restore, a failover to a replica that had not received it).
   */
  public Future<Boolean> holds(Checkpoint checkpoint) {
    return pool.preparedQuery(Sql.HOLDS_EVENT)
        .execute(Tuple.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition()))
        .map(rows -> rows.iterator().next().getBoolean("held"));
  }

  /** The highest position written so far (possibly not yet committed); 0 for an empty store. */
  public Future<Long> head() {
    return pool.preparedQuery(Sql.HEAD).execute().map(rows -> rows.iterator().next().getLong("head"));
  }
}
