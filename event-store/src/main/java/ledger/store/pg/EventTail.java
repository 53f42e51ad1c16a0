package ledger.store.pg;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;

/**
 * Reads the whole store in commit-safe order. Successive reads from the last checkpoint
 * returned never skip an event, even when transactions commit out of position order:
 * see {@link Sql#READ_AFTER}.
 */
public final class EventTail {

  /**
   * Events in tail order, and when each was committed: PostgreSQL's commit time where it
   * tracks them ({@code track_commit_timestamp = on}), otherwise the event's recorded time
   * (the start of its transaction, so a commit's own duration counts as lag).
   */
  public record Batch(List<RecordedEvent> events, Instant[] committedAt, boolean commitTimesTracked) {

    public boolean isEmpty() {
      return events.isEmpty();
    }

    public int size() {
      return events.size();
    }
  }

  private final Pool pool;
  private volatile Future<Boolean> tracksCommitTimes;

  public EventTail(Pool pool) {
    this.pool = pool;
  }

  /** Events after the checkpoint, without their metadata (command and correlation ids are null). */
  public Future<List<RecordedEvent>> readAfter(Checkpoint checkpoint, int limit) {
    return read(checkpoint, limit).map(Batch::events);
  }

  /** As {@link #readAfter}, with each event's commit time. */
  public Future<Batch> read(Checkpoint checkpoint, int limit) {
    return commitTimesTracked().compose(tracked -> pool
        .preparedQuery(tracked ? Sql.READ_AFTER_WITH_COMMIT_TIME : Sql.READ_AFTER)
        .execute(Tuple.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition(), limit))
        .map(rows -> {
          List<RecordedEvent> events = new ArrayList<>(rows.size());
          Instant[] committed = new Instant[rows.size()];
          for (Row row : rows) {
            RecordedEvent event = Rows.event(row);
            // a frozen row (old, vacuumed) has no commit time left; its recorded time is close enough
            OffsetDateTime at = tracked ? row.getOffsetDateTime("committed_at") : null;
            committed[events.size()] = at != null ? at.toInstant().truncatedTo(ChronoUnit.MICROS) : event.recordedAt();
            events.add(event);
          }
          return new Batch(events, committed, tracked);
        }))
        // PostgreSQL may have been restarted with another setting: ask again on the next read
        .onFailure(failure -> tracksCommitTimes = null);
  }

  /** Asked once per tail, and again after any failed read. */
  private Future<Boolean> commitTimesTracked() {
    Future<Boolean> known = tracksCommitTimes;
    if (known == null) {
      known = pool.query(Sql.TRACKS_COMMIT_TIMES).execute().map(rows -> rows.iterator().next().getBoolean("tracked"));
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

  /** The highest position written so far (possibly not yet committed); 0 for an empty store. */
  public Future<Long> head() {
    return pool.preparedQuery(Sql.HEAD).execute().map(rows -> rows.iterator().next().getLong("head"));
  }
}
