package ledger.store.pg;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;

/**
 * Reads the whole store in commit-safe order. Successive reads from the last checkpoint
 * returned never skip an event, even when transactions commit out of position order:
 * see {@link Sql#READ_AFTER}.
 */
public final class EventTail {

  private final Pool pool;

  public EventTail(Pool pool) {
    this.pool = pool;
  }

  /** Events after the checkpoint, without their metadata (command and correlation ids are null). */
  public Future<List<RecordedEvent>> readAfter(Checkpoint checkpoint, int limit) {
    return pool.preparedQuery(Sql.READ_AFTER)
        .execute(Tuple.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition(), limit))
        .map(PgEventStore::events);
  }

  /** The highest position written so far (possibly not yet committed); 0 for an empty store. */
  public Future<Long> head() {
    return pool.preparedQuery(Sql.HEAD).execute().map(rows -> rows.iterator().next().getLong("head"));
  }
}
