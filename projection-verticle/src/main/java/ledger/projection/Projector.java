package ledger.projection;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import ledger.grpc.LogFields;
import ledger.readmodel.Generations;
import ledger.readmodel.StoredCheckpoint;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.Origin;
import ledger.store.RecordedEvent;
import ledger.store.UnreadableEvent;
import ledger.store.pg.EventTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail loop: every ring drains the store from the checkpoint in bounded batches;
 * rings that arrive during a drain merge into one more drain. A drain that finds nothing
 * new still confirms, every {@link #CONFIRM_EVERY_NANOS}, that Redis holds the checkpoint
 * this writer stored, so a flush without later writes is noticed too. Beside every checkpoint
 * move and confirmation it reads the generations' state, and so notices, within a confirmation
 * period, a full rebuild another process asked for (the rebuilding marker). Confined to one
 * event loop, so its state needs no locks.
 */
final class Projector {

  private static final Logger LOG = LoggerFactory.getLogger(Projector.class);
  static final long CONFIRM_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /**
   * A tail read is a bounded batch in index order, answered in milliseconds; one that gets no
   * answer for this long is on a connection whose route went silent, and would hold the
   * projection (and, for a writer that keeps a healthy lock, every partition it writes) for as
   * long as the kernel retransmits. It fails instead, and its connections are replaced. Counted
   * from when the read is sent, so a busy pool is not taken for a silent one; a read that also
   * waited for a connection gets twice as long in all (the connections may all be held by
   * other reads gone silent: the head watch's, a rebuild's).
   */
  static final Duration SILENT_READ = Duration.ofSeconds(5);

  private final EventTail tail;
  private final ApplySpans spans;
  private final LongFunction<GenerationViews> generations;
  private final Generations generationState;
  private final StartingPoint startingPoint;
  private final int batchSize;
  private final ProjectionObserver observer;
  /** "" with one partition, "partition k of n: " otherwise: what starts its log lines. */
  private final String where;

  private volatile Checkpoint position = Checkpoint.START;
  /** The live generation's writer; a full rebuild hands over the next one ({@link #adopt}). */
  private ViewWriter writer;
  private volatile long generation;
  private Origin origin;
  /** Told, after every start, what Redis says of a full rebuild (one to resume, maybe). */
  private Consumer<Generations.State> onStarted = state -> { };
  private Runnable onSilentRead = () -> { };
  /** Told the generation a rebuilding marker names when it is later than the live one. */
  private LongConsumer onRebuildAsked = generation -> { };
  private boolean paused;
  private Promise<Void> pausing;
  private Promise<Void> finishing;
  private String stored = "";
  /** Counts starts and stops: a start or a batch that completes in another term changes nothing. */
  private int term;
  private long confirmedAt;
  private boolean running;
  /** The views turned out to be another database's: the next ring starts again, which forgets them. */
  private boolean restartPending;
  private boolean draining;
  private boolean rangDuringDrain;

  Projector(EventTail tail, LongFunction<GenerationViews> generations, Generations generationState,
            StartingPoint startingPoint, int batchSize, ProjectionObserver observer, String where, ApplySpans spans) {
    this.spans = spans;
    this.tail = tail;
    this.generations = generations;
    this.generationState = generationState;
    this.startingPoint = startingPoint;
    this.batchSize = batchSize;
    this.observer = observer;
    this.where = where;
  }

  /** Starts projecting from the checkpoint Redis holds, if it belongs to this database (see {@link StartingPoint}). */
  Future<Void> start() {
    int starting = ++term;
    paused = false;
    return generationState.state().compose(state -> {
      GenerationViews live = generations.apply(state.live());
      return live.writer().loadScripts().compose(loaded -> startingPoint.find(live)).map(start -> {
        if (starting == term) {
          writer = live.writer();
          generation = live.number();
          begin(start);
          onStarted.accept(state);
        }
        return null;
      });
    });
  }

  private void begin(StartingPoint.Start start) {
    origin = start.origin();
    stored = start.stored();
    position = start.position();
    confirmedAt = System.nanoTime();
    running = true;
    LOG.info("{}Projecting generation {} from checkpoint {} of {}", where, generation, position, origin);
    ring();
  }

  /**
   * Starts no further batch, and completes once the batch in flight (its views and its checkpoint)
   * has landed or failed; {@link #stop} follows. The writer gives its lock back only then, so the
   * standby that takes it starts from this writer's last checkpoint instead of racing its last batch.
   */
  Future<Void> finish() {
    running = false;
    if (!draining) {
      return Future.succeededFuture();
    }
    if (finishing == null) {
      finishing = Promise.promise();
    }
    return finishing.future();
  }

  void stop() {
    term++;
    running = false;
    restartPending = false;
    paused = false;
    settlePause();
  }

  void onStarted(Consumer<Generations.State> hook) {
    this.onStarted = hook;
  }

  /** Told when a tail read got no answer for {@link #SILENT_READ}: its connections are to be replaced. */
  void onSilentRead(Runnable hook) {
    this.onSilentRead = hook;
  }

  /** {@code hook} hears of every rebuilding marker later than the live generation this writer reads. */
  void onRebuildAsked(LongConsumer hook) {
    this.onRebuildAsked = hook;
  }

  /** Counts starts and stops; a full rebuild stops when it changes (the lock was lost). */
  int term() {
    return term;
  }

  long generation() {
    return generation;
  }

  Origin origin() {
    return origin;
  }

  /** Stops applying after the batch in flight; completes once none is. Only a full rebuild's switch pauses. */
  Future<Void> pause() {
    paused = true;
    if (!draining) {
      return Future.succeededFuture();
    }
    if (pausing == null) {
      pausing = Promise.promise();
    }
    return pausing.future();
  }

  void resume() {
    paused = false;
    ring();
  }

  /**
   * While paused: writes generation {@code next} from now on, whose checkpoint this writer
   * stored as {@code stored}, at {@code at} (the checkpoint the paused generation stood at).
   */
  void adopt(GenerationViews next, String stored, Checkpoint at) {
    writer = next.writer();
    generation = next.number();
    this.stored = stored;
    position = at;
    confirmedAt = System.nanoTime();
  }

  private void settlePause() {
    Promise<Void> waiting = pausing;
    pausing = null;
    if (waiting != null) {
      waiting.tryComplete();
    }
    Promise<Void> finished = finishing;
    if (finished != null && !draining) {
      finishing = null;
      finished.tryComplete();
    }
  }

  Checkpoint position() {
    return position;
  }

  void ring() {
    if (draining) {
      rangDuringDrain = true;
      return;
    }
    if (restartPending) {
      restartPending = false;
      restart();
      return;
    }
    if (!running || paused) {
      return;
    }
    draining = true;
    drain();
  }

  private void drain() {
    rangDuringDrain = false;
    int drainTerm = term;
    tail.read(position, batchSize, SILENT_READ)
        // and, with the wait for a connection, twice that: every connection is held by a silent read
        .timeout(2 * SILENT_READ.toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(failed -> {
          if (failed instanceof TimeoutException) {
            LOG.warn("A tail read got no answer; reading again on fresh connections: {}", failed.getMessage());
            onSilentRead.run();
          }
        })
        .compose(batch -> batch.isEmpty() ? confirm(drainTerm).map(false)
            : apply(batch, drainTerm).map(done -> batch.size() == batchSize))
        .onComplete(outcome -> {
          if (outcome.failed()) {
            LOG.warn("{}Projection batch failed; retrying on the next ring: {}", where, outcome.cause().toString());
            draining = false;
            settlePause();
            return;
          }
          if (running && !paused && (outcome.result() || rangDuringDrain)) {
            drain();
          } else {
            draining = false;
            settlePause();
            if (restartPending) {
              ring();
            }
          }
        });
  }

  private void restart() {
    int restarting = term + 1;
    start().onFailure(failed -> {
      LOG.warn("{}Could not start projecting again; retrying on the next ring: {}", where, failed.toString());
      restartPending = term == restarting;
    });
  }

  /**
   * Nothing new to apply: now and then, check that Redis still holds what this writer stored
   * (once it stored something), and whether a rebuild was asked for.
   */
  private Future<Void> confirm(int drainTerm) {
    if (System.nanoTime() - confirmedAt < CONFIRM_EVERY_NANOS) {
      return Future.succeededFuture();
    }
    if (stored.isEmpty()) {
      return generationState.state().map(state -> {
        if (drainTerm == term && stillLive(state)) {
          confirmedAt = System.nanoTime();
        }
        return null;
      });
    }
    String expected = stored;
    return Future.all(writer.confirm(origin, expected), generationState.state()).map(both -> {
      if (drainTerm == term && found(both.resultAt(0), expected) && stillLive(both.resultAt(1))) {
        confirmedAt = System.nanoTime();
      }
      return null;
    });
  }

  private Future<Void> apply(EventTail.Batch read, int drainTerm) {
    List<RecordedEvent> batch = read.events();
    Checkpoint next = read.last();
    String expected = stored;
    read.unreadable().forEach(this::unreadable);
    // sent with the batch, looked at after it: the batch's bookkeeping does not wait for it
    Future<Generations.State> generations = generationState.state();
    List<Span> applying = spans.start(batch);
    return writer.apply(batch, read.unreadable())
        .compose(applied -> writer.commit(origin, expected, next, applied))
        .map(found -> {
          if (drainTerm == term && found(found, expected)) {
            stored = next.encode();
            position = next;
            confirmedAt = System.nanoTime();
            observer.applied(next, batch.size(), lags(read.committedAt()));
          }
          return null;
        })
        .compose(committed -> generations.map(state -> drainTerm != term || stillLive(state)))
        .onComplete(done -> ApplySpans.end(applying, done))
        .mapEmpty();
  }

  private void unreadable(UnreadableEvent event) {
    logUnreadable(event);
    observer.unreadable(event);
  }

  /** Says what an operator is to do about an event no code here can read; a full rebuild meets them too. */
  static void logUnreadable(UnreadableEvent event) {
    LOG.atError().addKeyValue(LogFields.ACCOUNT, event.streamId().value()).addKeyValue(LogFields.VERSION, event.version())
        .log("Event {}:{} of account {} at version {} cannot be read ({} v{}: {}). The account's view is degraded:"
        + " its reads answer VIEW_DEGRADED and its later events wait. Deploy code that reads it, then"
        + " ./ledger rebuild --account {}", event.transactionId(), event.globalPosition(), event.streamId().value(),
        event.version(), event.eventType(), event.schemaVersion(), event.problem(), event.streamId().value());
  }

  /**
   * What the checkpoint script found. True when it was what this writer stored last. Another
   * value means Redis lost data, or another writer ran: resume from the older point. Another
   * origin means the views are now another database's: start again, which forgets them.
   */
  private boolean found(StoredCheckpoint found, String expected) {
    if (found.isForeignTo(origin)) {
      LOG.error("{}The views now belong to database {}, not {}: a projection of another database writes"
          + " under the same key prefix, or the database was replaced; starting again", where, found.origin(), origin);
      running = false;
      restartPending = true;
      return false;
    }
    if (found.checkpoint().equals(expected)) {
      return true;
    }
    Checkpoint theirs = found.checkpoint().isEmpty() ? Checkpoint.START : Checkpoint.parse(found.checkpoint());
    LOG.warn("{}Redis held checkpoint '{}' where this writer stored '{}' (flushed, restored or a second"
        + " writer); resuming from the older point", where, found.checkpoint(), expected);
    position = theirs.compareTo(position) < 0 ? theirs : position;
    stored = found.checkpoint();
    rangDuringDrain = true;
    observer.resumedAfterDataLoss(position);
    if (generation > 0 && found.checkpoint().isEmpty()) {
      long mine = generation;
      generationState.reassert(mine, position).onSuccess(again -> {
        if (again) {
          LOG.warn("{}Redis had lost which view generation is live; recorded {} again", where, mine);
        }
      });
    }
    return false;
  }

  /**
   * What Redis names as the live generation, read beside every checkpoint move and confirmation
   * (not in the same script: on Redis Cluster the generation's key and generation 0's checkpoint
   * live in different slots). A later one than this writer's means a switch this writer did not
   * make landed: a rebuild of an earlier term of this writer, whose switch was in flight when the
   * lock was lost, or of a writer that stalled past its fence. Readers follow that switch and
   * ignore this writer's batches from then on, so it starts again, on the live generation, from
   * that generation's checkpoint. False when it does. Otherwise a rebuilding marker later than
   * the live generation is passed on: a rebuild asked for, maybe by another process.
   */
  private boolean stillLive(Generations.State state) {
    long live = state.live();
    if (live > generation) {
      LOG.warn("{}View generation {} is live, but this writer writes generation {} (a switch made in an earlier"
          + " term of the writer lock landed late); starting again on generation {}", where, live, generation, live);
      running = false;
      restartPending = true;
      return false;
    }
    if (state.rebuildPending() && running && !paused) {
      onRebuildAsked.accept(state.rebuilding());
    }
    return true;
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
