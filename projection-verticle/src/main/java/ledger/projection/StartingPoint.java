package ledger.projection;

import io.vertx.core.Future;
import ledger.readmodel.StoredCheckpoint;
import ledger.readmodel.ViewReset;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.Origin;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a writer starts, at start-up and at every takeover: the checkpoint Redis holds if it
 * belongs to this database, otherwise the start of the store, once the views built from
 * the other database are forgotten. Transaction ids mean something only inside one
 * PostgreSQL cluster: a stored checkpoint from a recreated or replaced database would
 * hide every new event below it.
 */
final class StartingPoint {

  /** This database, and the checkpoint value to resume from ("" for the start of the store). */
  record Start(Origin origin, String stored) {

    Checkpoint position() {
      return stored.isEmpty() ? Checkpoint.START : Checkpoint.parse(stored);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(StartingPoint.class);

  private final PgEventStore store;
  private final EventTail tail;
  private final ProjectionObserver observer;
  /** "" with one partition, "partition k of n: " otherwise: what starts its log lines. */
  private final String where;

  StartingPoint(PgEventStore store, EventTail tail, ProjectionObserver observer, String where) {
    this.store = store;
    this.tail = tail;
    this.observer = observer;
    this.where = where;
  }

  /** Where to start writing the views of {@code generation}. */
  Future<Start> find(GenerationViews generation) {
    ViewWriter writer = generation.writer();
    ViewReset reset = generation.reset();
    return Future.all(store.origin(), tail.nextTransactionId(), writer.stored()).compose(all -> {
      StoredCheckpoint found = all.resultAt(2);
      Checkpoint stored = found.checkpoint().isEmpty() ? Checkpoint.START : Checkpoint.parse(found.checkpoint());
      // START names no event: replaying from it is always safe
      Future<Boolean> held = stored.equals(Checkpoint.START) ? Future.succeededFuture(true) : tail.holds(stored);
      return held.compose(holds -> start(reset, all.resultAt(0), all.resultAt(1), found, holds));
    });
  }

  private Future<Start> start(ViewReset reset, Origin mine, long nextTransactionId, StoredCheckpoint found,
                              boolean holdsItsEvent) {
    String foreign = whyForeign(mine, nextTransactionId, found);
    if (foreign == null && !holdsItsEvent) {
      foreign = "The event the stored checkpoint " + found.checkpoint() + " names is not in this database"
          + " (restored, or failed over to a replica that had not received it)";
    }
    if (foreign == null) {
      if (found.origin().isEmpty() && !found.checkpoint().isEmpty()) {
        LOG.info("{}Adopting checkpoint {}, stored without an origin (by an older version), for {}",
            where, found.checkpoint(), mine);
      }
      return Future.succeededFuture(new Start(mine, found.checkpoint()));
    }
    LOG.warn("{}{}: forgetting those views and rebuilding them from the start of the store", where, foreign);
    return reset.forget(found.origin(), mine).map(deleted -> {
      LOG.info("{}Forgot {} views of another database; rebuilding from the start of the store", where, deleted);
      observer.forgotForeignViews(found.origin(), deleted);
      return new Start(mine, "");
    });
  }

  /** Why the stored checkpoint is not this database's, or null when it is (or may be: no origin yet). */
  private static String whyForeign(Origin mine, long nextTransactionId, StoredCheckpoint found) {
    if (found.isForeignTo(mine)) {
      return "The views were built from database " + found.origin() + "; this one is " + mine;
    }
    if (!found.checkpoint().isEmpty() && Checkpoint.parse(found.checkpoint()).transactionId() >= nextTransactionId) {
      return "The stored checkpoint " + found.checkpoint() + " lies beyond every transaction of this database"
          + " (next: " + nextTransactionId + "): it was restored from a backup older than the views";
    }
    return null;
  }
}
