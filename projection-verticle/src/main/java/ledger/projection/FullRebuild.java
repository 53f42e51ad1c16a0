package ledger.projection;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.readmodel.Generations;
import ledger.readmodel.StoredCheckpoint;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import ledger.store.UnreadableEvent;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgFailures;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProgress.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full rebuild (docs/storage.md, "Rebuilding every view"): replays the store into the next
 * generation in large batches, announcing nothing, never past the live generation's checkpoint;
 * once there, pauses the live one, brings the new one to exactly its checkpoint, switches, hands
 * the new one to the projector and removes the old one's keys. Runs on the projector's event
 * loop, for one term of the writer lock: a lost lock stops it, and the next writer resumes it.
 */
final class FullRebuild {

  private static final Logger LOG = LoggerFactory.getLogger(FullRebuild.class);
  private static final long RETRY_MS = 50;

  private final Vertx vertx;
  private final Projector projector;
  private final EventTail tail;
  private final Generations generations;
  private final GenerationViews next;
  private final long live;
  private final int batchSize;
  private final int term;
  private final boolean resumed;
  private final RebuildReports reports;
  /** "" with one partition, "partition k of n: " otherwise: what starts its log lines. */
  private final String where;
  private final Promise<RebuildProgress> done = Promise.promise();
  private Checkpoint position = Checkpoint.START;
  private String stored = "";
  private long events;
  /** The batch after the one being applied, read meanwhile: reading dominates a rebuild (docs/benchmarks.md). */
  private Future<EventTail.Batch> prefetched;
  private Checkpoint prefetchedFrom;

  FullRebuild(Vertx vertx, Projector projector, EventTail tail, Generations generations,
              LongFunction<GenerationViews> views, long target, boolean resumed, int batchSize, String where) {
    this.vertx = vertx;
    this.projector = projector;
    this.tail = tail;
    this.generations = generations;
    this.next = views.apply(target);
    this.live = projector.generation();
    this.batchSize = batchSize;
    this.term = projector.term();
    this.resumed = resumed;
    this.where = where;
    this.reports = new RebuildReports(target, resumed);
    // its followers are the calls that asked for it: none is told anything once it ended
    done.future().onComplete(ended -> reports.endFollowing());
  }

  /** Runs it; the future completes with the last progress (DONE), or fails. */
  Future<RebuildProgress> run() {
    ViewWriter writer = next.writer();
    writer.loadScripts().compose(loaded -> resumed ? from(writer) : fresh())
        .onSuccess(start -> {
          // a marked generation with nothing built yet (just asked for) starts rather than resumes
          boolean goesOn = !position.equals(Checkpoint.START);
          reports.resumed(goesOn);
          LOG.info("{}{} the rebuild of view generation {} beside generation {}{}", where,
              goesOn ? "Resuming" : "Starting", next.number(), live, goesOn ? " from " + position : "");
        })
        .compose(start -> tail.head()).onSuccess(reports::estimate)
        .onSuccess(head -> replay())
        .onFailure(this::fail);
    return done.future();
  }

  /** Adds a listener of progress; it hears the last report at once. */
  void follow(Consumer<RebuildProgress> listener) {
    reports.follow(listener);
  }

  /** How many follow it now. */
  int followers() {
    return reports.followers();
  }

  /** Its last report (any thread). */
  RebuildProgress lastReport() {
    return reports.last();
  }

  Future<RebuildProgress> done() {
    return done.future();
  }

  long target() {
    return next.number();
  }

  /** The writer term it runs in. */
  int term() {
    return term;
  }

  /** A new run: whatever an earlier, abandoned run left of this generation goes first. */
  private Future<Void> fresh() {
    return generations.remove(next.number()).compose(removed -> generations.markRebuilding(next.number()));
  }

  /**
   * A run of a marked generation (resumed by a new writer, or asked for by any process): from
   * the new generation's checkpoint, unless it is another database's (then afresh).
   */
  private Future<Void> from(ViewWriter writer) {
    return writer.stored().compose(found -> {
      if (found.isForeignTo(projector.origin())) {
        LOG.warn("{}The interrupted rebuild of generation {} was of database {}: starting it again", where, next.number(),
            found.origin());
        return fresh();
      }
      Checkpoint resumeAt = found.checkpoint().isEmpty() ? Checkpoint.START : Checkpoint.parse(found.checkpoint());
      Future<Boolean> ours = resumeAt.equals(Checkpoint.START) ? Future.succeededFuture(true)
          : Future.all(tail.holds(resumeAt), tail.nextTransactionId()).map(checks ->
              checks.<Boolean>resultAt(0) && resumeAt.transactionId() < checks.<Long>resultAt(1));
      return ours.compose(same -> {
        if (!same) {
          // a restore or a failover to a replica that lacked it: the history this run read is gone
          LOG.warn("{}The interrupted rebuild of generation {} stopped at {}, which this database's history does"
              + " not hold: starting it again", where, next.number(), resumeAt);
          return fresh();
        }
        stored = found.checkpoint();
        position = resumeAt;
        return Future.succeededFuture();
      });
    });
  }

  /** Large batches up to where the live generation stands; then the switch. */
  private void replay() {
    if (!current()) {
      return;
    }
    Checkpoint limit = projector.position();
    if (position.compareTo(limit) > 0) {
      // Ahead of the live generation (it went back: Redis lost data, or it resumed from an older
      // point than this run): wait for it to pass here, without pausing it. Pausing now would only
      // find it behind and resume it, again and again.
      vertx.setTimer(RETRY_MS, again -> replay());
      return;
    }
    if (position.compareTo(limit) == 0) {
      reports.report(Phase.CATCHING_UP, events, position, true);
      projector.pause().onComplete(paused -> catchUp());
      return;
    }
    step(limit).onSuccess(more -> {
      if (more) {
        replay();
      } else {
        // nothing readable up to the limit yet (a restart moved it back): look again shortly
        vertx.setTimer(RETRY_MS, again -> replay());
      }
    }).onFailure(this::fail);
  }

  /** The live generation is paused at {@code P}: bring this one to exactly P, then switch. */
  private void catchUp() {
    if (!current()) {
      return;
    }
    Checkpoint target = projector.position();
    if (position.compareTo(target) > 0) {
      // the live generation went back (Redis lost data): let it pass this one again
      projector.resume();
      vertx.setTimer(RETRY_MS, again -> replay());
      return;
    }
    if (position.compareTo(target) < 0) {
      Checkpoint before = position;
      step(target).onSuccess(more -> {
        if (position.compareTo(before) < 0) {
          // This generation's checkpoint went back (Redis lost it): replaying it again is no
          // catch-up of a batch or two, and the live generation must not wait for it.
          LOG.warn("{}Generation {} went back to {} while the live one was paused; resuming it and replaying",
              where, next.number(), position);
          projector.resume();
          replay();
          return;
        }
        catchUp();
      }).onFailure(this::failPaused);
      return;
    }
    // A switch whose reply is lost may have happened: asking again is safe (switch.lua knows it),
    // and writing on in the old generation while readers follow the new one is not.
    generations.switchTo(live, next.number(), target)
        .recover(lost -> generations.switchTo(live, next.number(), target))
        .onSuccess(switched -> {
      if (!current()) {
        return;
      }
      if (!switched) {
        failPaused(new IllegalStateException("the live generation is no longer " + live + ": another writer ran"));
        return;
      }
      projector.adopt(next, stored, position);
      projector.resume();
      LOG.info("{}View generation {} is live at {} ({} events replayed); removing generation {}", where, next.number(),
          position, events, live);
      reports.report(Phase.SWITCHED, events, position, true);
      generations.removeRetired(live).onComplete(removed -> {
        if (removed.failed()) {
          LOG.warn("{}Could not remove every key of view generation {}: {}", where, live, removed.cause().toString());
        }
        finish(removed.succeeded() ? removed.result() : 0);
      });
    }).onFailure(this::failPaused);
  }

  /** Reads, applies and checkpoints one batch, never past {@code limit}; true if it moved. */
  private Future<Boolean> step(Checkpoint limit) {
    ViewWriter writer = next.writer();
    return read().compose(batch -> {
      if (batch.size() == batchSize) {
        prefetchedFrom = batch.last();
        prefetched = tail.read(batch.last(), batchSize);
      }
      List<RecordedEvent> read = batch.events().stream().filter(e -> e.checkpoint().compareTo(limit) <= 0).toList();
      List<UnreadableEvent> unreadable = batch.unreadable().stream()
          .filter(e -> e.checkpoint().compareTo(limit) <= 0).toList();
      // A partition's tail leaves other accounts' rows out, yet moves over them (EventTail.only).
      Checkpoint moved = batch.last().compareTo(limit) <= 0 ? batch.last() : limit;
      if (batch.isEmpty() || moved.compareTo(position) <= 0) {
        return Future.succeededFuture(false);
      }
      // logged, not counted again: the live projection counted each when it met it
      unreadable.forEach(Projector::logUnreadable);
      return writer.applyQuietly(read, unreadable)
          .compose(applied -> writer.commitQuietly(projector.origin(), stored, moved))
          .map(found -> {
            if (found.isForeignTo(projector.origin())) {
              throw new IllegalStateException("generation " + next.number() + " now belongs to database "
                  + found.origin());
            }
            if (!found.checkpoint().equals(stored)) {
              // A run of an earlier term of this writer moved it (its last batch landed late), or
              // Redis lost it: go on from what is stored; applying is idempotent.
              LOG.warn("{}Generation {} held checkpoint '{}' where this rebuild stored '{}'; going on from it",
                  where, next.number(), found.checkpoint(), stored);
              stored = found.checkpoint();
              position = stored.isEmpty() ? Checkpoint.START : Checkpoint.parse(stored);
              return true;
            }
            stored = moved.encode();
            position = moved;
            events += read.size() + unreadable.size();
            reports.report(Phase.REPLAYING, events, position, false);
            return true;
          });
    });
  }

  private Future<EventTail.Batch> read() {
    Future<EventTail.Batch> ahead = position.equals(prefetchedFrom) ? prefetched : null;
    prefetched = null;
    prefetchedFrom = null;
    return ahead == null ? readAgainIfLost() : ahead.recover(failed -> readAgainIfLost());
  }

  /**
   * A read whose connection was lost is read once more: the tail's connections are replaced
   * whenever any partition's read gets no answer (RenewablePool), which fails every read in
   * flight, and a rebuild must not be lost to it (asked again, it would start from the start).
   */
  private Future<EventTail.Batch> readAgainIfLost() {
    return tail.read(position, batchSize).recover(failed -> PgFailures.isUnavailable(failed)
        ? tail.read(position, batchSize) : Future.failedFuture(failed));
  }

  private boolean current() {
    if (projector.term() == term) {
      return true;
    }
    done.tryFail(new LedgerException(Reason.NOT_THE_WRITER, "this instance stopped being the projection writer"
        + " during the rebuild; the next writer resumes it"));
    return false;
  }

  private void failPaused(Throwable failure) {
    if (projector.term() == term) {
      projector.resume();
    }
    fail(failure);
  }

  private void fail(Throwable failure) {
    LOG.warn("{}The rebuild of view generation {} stopped: {}", where, next.number(), failure.toString());
    done.tryFail(failure);
  }

  private void finish(long removed) {
    done.tryComplete(reports.done(events, position, removed));
  }
}
