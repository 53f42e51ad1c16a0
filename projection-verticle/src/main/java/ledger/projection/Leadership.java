package ledger.projection;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who writes the views. Competes for the writer lock; while this instance holds it, the
 * projector runs, rung by a doorbell opened for that term, and the head is watched.
 * Otherwise, and after losing the lock, it stands by and tries again every
 * {@code lockRetry}. Confined to the verticle's event loop, except {@link #isActive}.
 */
final class Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final Vertx vertx;
  private final PgConnectOptions database;
  private final ProjectionConfig config;
  private final Projector projector;
  private final HeadWatch head;
  private final ProjectionObserver observer;
  private final LeaderLock lock;
  private Doorbell doorbell;
  private long retryTimer = -1;
  private boolean stopped;
  private volatile boolean active;

  Leadership(Vertx vertx, PgConnectOptions database, ProjectionConfig config, Projector projector, HeadWatch head,
             ProjectionObserver observer) {
    this.vertx = vertx;
    this.database = database;
    this.config = config;
    this.projector = projector;
    this.head = head;
    this.observer = observer;
    this.lock = new LeaderLock(vertx, database, config.lockLiveness());
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
    return lock.tryAcquire(this::lost)
        .compose(held -> held ? lead() : standBy())
        .recover(failure -> {
          LOG.warn("Could not take part in the projection election: {}", failure.toString());
          return standBy();
        });
  }

  private Future<Void> lead() {
    if (stopped) {
      // Stopped while the lock was being taken: give it back rather than write after stop().
      return lock.release();
    }
    LOG.info("This instance is now the projection writer");
    Doorbell bell = new Doorbell(vertx, database, config.pollInterval().toMillis(), projector::ring);
    doorbell = bell;
    return projector.start().compose(started -> {
      if (doorbell != bell) {
        // The lock was lost (or leadership stopped) while starting. If it was taken again
        // meanwhile, that newer term owns the projector; otherwise nobody may run it.
        if (doorbell == null) {
          projector.stop();
        }
        return Future.succeededFuture();
      }
      return bell.open().onSuccess(open -> {
        active = true;
        observer.leadership(true);
        head.start();
      });
    });
  }

  private Future<Void> standBy() {
    if (!stopped) {
      retryTimer = vertx.setTimer(config.lockRetry().toMillis(), retry -> elect());
    }
    return Future.succeededFuture();
  }

  private void lost() {
    LOG.warn("Lost the projection writer lock; standing by");
    endTerm();
    observer.leadership(false);
    standBy();
  }

  private Future<Void> endTerm() {
    active = false;
    head.stop();
    projector.stop();
    Future<Void> closed = doorbell == null ? Future.succeededFuture() : doorbell.close();
    doorbell = null;
    return closed;
  }

  /** Stops writing or standing by, and gives the lock back at once so a standby need not wait for a timeout. */
  Future<Void> stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    return endTerm().eventually(lock::release);
  }
}
