package ledger.projection;

import io.vertx.core.Vertx;
import ledger.store.pg.LockSession;

/**
 * Proves, every check interval, that the lock's session still answers, and calls {@code dead}
 * once when no round trip sent within the fence time has been answered: a connection that
 * went silent (no FIN, no RST) reports nothing by itself for hours. A round trip proves the
 * session alive as of when it was sent, so a late answer cannot stretch the fence.
 */
final class LockWatch {

  private final Vertx vertx;
  private final LockSession session;
  private final long fenceAfterNanos;
  private final Runnable dead;
  private final long timer;
  private long provenAt = System.nanoTime();
  private boolean checking;
  private boolean stopped;

  LockWatch(Vertx vertx, LockSession session, LockLiveness liveness, Runnable dead) {
    this.vertx = vertx;
    this.session = session;
    this.fenceAfterNanos = liveness.fenceAfter().toNanos();
    this.dead = dead;
    this.timer = vertx.setPeriodic(liveness.checkInterval().toMillis(), tick -> tick());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    if (now - provenAt >= fenceAfterNanos) {
      stop();
      dead.run();
    } else if (!checking) {
      checking = true;
      session.check().onComplete(answered -> {
        checking = false;
        if (answered.succeeded()) {
          provenAt = Math.max(provenAt, now);
        }
      });
    }
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
