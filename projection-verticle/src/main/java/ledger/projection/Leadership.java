package ledger.projection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who writes one partition's views. Competes for the partition's writer lock; while this
 * instance holds it, the projector runs, rung by the process's doorbell, and the head is watched.
 * Otherwise, and after losing the lock, it stands by and tries again every
 * {@code lockRetry}. Confined to the verticle's event loop, except {@link #isActive}.
 */
final class Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  /**
   * How long a new term may take to start (read the starting point: a few reads of the store
   * and of Redis). One that takes longer waits on a connection whose route went silent (a
   * standby's tail connections sit idle for hours, and a NAT may have forgotten them): holding
   * the lock and applying nothing, it would keep every standby out for as long as the kernel
   * retransmits. It gives the lock back instead, and tries again on fresh connections.
   */
  static final long START_LIMIT_MILLIS = 10_000;

  /** Whether a standby should try the lock now (a process that writes its share of partitions waits). */
  interface Turn {
    Turn ALWAYS = () -> Future.succeededFuture(true);

    Future<Boolean> mayTry();
  }

  private final Vertx vertx;
  private final ProjectionConfig config;
  private final Projector projector;
  private final HeadWatch head;
  private final ProjectionObserver observer;
  private final LeaderLock lock;
  private final Doorbells doorbells;
  /** "the projection" or "partition k of n", for logs. */
  private final String name;
  private Turn turn = Turn.ALWAYS;
  /** Replaces the tail's connections, after a start that got no answer. */
  private Runnable onSilentStart = () -> { };
  /** Set for each term of writing; a start that completes in another term changes nothing. */
  private Object term;
  /** The longest a stop waits for the batch in flight before it gives the lock back anyway. */
  static final long LAST_BATCH_LIMIT_MILLIS = 5000;
  private long retryTimer = -1;
  private boolean stopped;
  private volatile boolean active;

  Leadership(Vertx vertx, PgConnectOptions database, ProjectionConfig config, Projector projector, HeadWatch head,
             ProjectionObserver observer, long lockKey, Doorbells doorbells, String name) {
    this.vertx = vertx;
    this.config = config;
    this.projector = projector;
    this.head = head;
    this.observer = observer;
    this.lock = new LeaderLock(vertx, database, config.lockLiveness(), lockKey);
    this.doorbells = doorbells;
    this.name = name;
  }

  /** Decides, from now on, whether a standby round tries the lock. */
  void takeTurns(Turn turn) {
    this.turn = turn;
  }

  /**
   * Told when a term's start, or a turn, got no answer within {@link #START_LIMIT_MILLIS}: the
   * tail's connections are to be replaced.
   */
  void onSilentStart(Runnable renew) {
    this.onSilentStart = renew;
  }

  /** Takes part in the election until {@link #stop}; completes when the first round is over, won or not. */
  Future<Void> start() {
    return elect();
  }

  /** True while this instance is the writer. */
  boolean isActive() {
    return active;
  }

  private Future<Void> elect() {
    retryTimer = -1;
    if (stopped) {
      return Future.succeededFuture();
    }
    return turn.mayTry().timeout(START_LIMIT_MILLIS, TimeUnit.MILLISECONDS)
        .onFailure(failed -> {
          if (failed instanceof TimeoutException) {
            onSilentStart.run();
          }
        })
        .compose(may -> may ? lock.tryAcquire(this::lost).compose(held -> held ? lead() : standBy()) : standBy())
        .recover(failure -> {
          LOG.warn("Could not take part in the election of {}'s writer: {}", name, failure.toString());
          return standBy();
        });
  }

  private Future<Void> lead() {
    if (stopped) {
      // Stopped while the lock was being taken: give it back rather than write after stop().
      return lock.release();
    }
    LOG.info("This instance is now the writer of {}", name);
    Object writing = new Object();
    term = writing;
    return projector.start().timeout(START_LIMIT_MILLIS, TimeUnit.MILLISECONDS).transform(started -> {
      if (term != writing) {
        // The lock was lost (or leadership stopped) while starting. If it was taken again
        // meanwhile, that newer term owns the projector; otherwise nobody may run it.
        if (term == null) {
          projector.stop();
        }
        return Future.succeededFuture();
      }
      if (started.failed()) {
        return giveUp(started.cause());
      }
      return doorbells.add(projector).onSuccess(open -> {
        active = true;
        observer.leadership(true);
        head.start();
      });
    });
  }

  /** The term could not start: nobody may hold the lock and apply nothing, so it is given back and tried again. */
  private Future<Void> giveUp(Throwable failed) {
    LOG.warn("Could not start writing {}: {}; giving its lock back and standing by", name, failed.toString());
    if (failed instanceof TimeoutException) {
      onSilentStart.run();
    }
    endTerm();
    return lock.release().eventually(this::standBy);
  }

  private Future<Void> standBy() {
    if (!stopped) {
      retryTimer = vertx.setTimer(config.lockRetry().toMillis(), retry -> elect());
    }
    return Future.succeededFuture();
  }

  private void lost() {
    LOG.warn("Lost the writer lock of {}; standing by", name);
    endTerm();
    observer.leadership(false);
    standBy();
  }

  private Future<Void> endTerm() {
    active = false;
    head.stop();
    projector.stop();
    term = null;
    return doorbells.remove(projector);
  }

  /**
   * Stops writing and gives the lock back at once, so another process can take it, and stands
   * by: this process writes more partitions than its share.
   */
  void handOver() {
    if (!active || stopped) {
      return;
    }
    LOG.info("Handing {} over to another projection process", name);
    endTerm();
    observer.leadership(false);
    lock.release();
    standBy();
  }

  /**
   * Stops writing or standing by: the batch in flight lands with its checkpoint first (within
   * {@link #LAST_BATCH_LIMIT_MILLIS}), then the lock goes back at once so a standby need not wait
   * for a timeout and starts where this writer stopped.
   */
  Future<Void> stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    Promise<Void> lastBatch = Promise.promise();
    long limit = vertx.setTimer(LAST_BATCH_LIMIT_MILLIS, late -> {
      LOG.warn("The batch in flight of {} did not land within {} ms; giving the writer lock back anyway", name,
          LAST_BATCH_LIMIT_MILLIS);
      lastBatch.tryComplete();
    });
    projector.finish().onComplete(landed -> {
      vertx.cancelTimer(limit);
      lastBatch.tryComplete();
    });
    return lastBatch.future().eventually(this::endTerm).eventually(lock::release);
  }
}
