package ledger.projection;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.vertx.core.Future;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import ledger.store.UnreadableEvent;
import ledger.store.pg.EventTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail loop: every ring drains the store from the checkpoint in bounded batches;
 * rings that arrive during a drain merge into one more drain. Confined to one event
 * loop, so its state needs no locks.
 */
final class Projector {

  private static final Logger LOG = LoggerFactory.getLogger(Projector.class);

  private final EventTail tail;
  private final ViewWriter writer;
  private final int batchSize;
  private final ProjectionObserver observer;

  private volatile Checkpoint position = Checkpoint.START;
  private String stored = "";
  private boolean running;
  private boolean draining;
  private boolean rangDuringDrain;

  Projector(EventTail tail, ViewWriter writer, int batchSize, ProjectionObserver observer) {
    this.tail = tail;
    this.writer = writer;
    this.batchSize = batchSize;
    this.observer = observer;
  }

  /** Starts projecting from the checkpoint Redis holds. */
  Future<Void> start() {
    return writer.loadScripts().compose(loaded -> writer.storedCheckpoint()).map(value -> {
      stored = value == null ? "" : value;
      position = value == null ? Checkpoint.START : Checkpoint.parse(value);
      running = true;
      LOG.info("Projecting from checkpoint {}", position);
      ring();
      return null;
    });
  }

  void stop() {
    running = false;
  }

  Checkpoint position() {
    return position;
  }

  void ring() {
    if (!running) {
      return;
    }
    if (draining) {
      rangDuringDrain = true;
      return;
    }
    draining = true;
    drain();
  }

  private void drain() {
    rangDuringDrain = false;
    tail.read(position, batchSize)
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(false) : apply(batch).map(done -> batch.size() == batchSize))
        .onComplete(outcome -> {
          if (outcome.failed()) {
            LOG.warn("Projection batch failed; retrying on the next ring: {}", outcome.cause().toString());
            draining = false;
            return;
          }
          if (running && (outcome.result() || rangDuringDrain)) {
            drain();
          } else {
            draining = false;
          }
        });
  }

  private Future<Void> apply(EventTail.Batch read) {
    List<RecordedEvent> batch = read.events();
    Checkpoint next = read.last();
    read.unreadable().forEach(this::unreadable);
    return writer.apply(batch, read.unreadable())
        .compose(applied -> writer.commit(stored, next, applied))
        .map(found -> {
          if (found.equals(stored)) {
            stored = next.encode();
            position = next;
            observer.applied(next, batch.size(), lags(read.committedAt()));
          } else {
            Checkpoint theirs = found.isEmpty() ? Checkpoint.START : Checkpoint.parse(found);
            LOG.warn("Redis held checkpoint '{}' where this writer stored '{}' (flushed, restored or a second"
                + " writer); resuming from the older point", found, stored);
            position = theirs.compareTo(position) < 0 ? theirs : position;
            stored = found;
            rangDuringDrain = true;
            observer.resumedAfterDataLoss(position);
          }
          return null;
        });
  }

  private void unreadable(UnreadableEvent event) {
    LOG.error("Event {}:{} of account {} at version {} cannot be read ({} v{}: {}). The account's view is degraded:"
        + " its reads answer VIEW_DEGRADED and its later events wait. Deploy code that reads it, then"
        + " ./ledger rebuild --account {}", event.transactionId(), event.globalPosition(), event.streamId().value(),
        event.version(), event.eventType(), event.schemaVersion(), event.problem(), event.streamId().value());
    observer.unreadable(event);
  }

  /** Commit to view, per event: from the commit time (see {@link EventTail.Batch}) to now. */
  private static long[] lags(Instant[] committedAt) {
    Instant now = Instant.now();
    long[] lags = new long[committedAt.length];
    for (int i = 0; i < lags.length; i++) {
      lags[i] = Math.max(0, ChronoUnit.MICROS.between(committedAt[i], now));
    }
    return lags;
  }
}
