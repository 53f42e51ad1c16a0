package ledger.query;

import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Tells a live feed subscription from a silent one without sending a command on it: the Redis
 * client (5.0.7) matches a reply on a subscribed connection to the wrong caller when an
 * announcement arrives meanwhile, so a PING there loses announcements or looks unanswered.
 * Anything heard on the subscription counts as life; after an interval of silence, a heartbeat
 * is published (through another connection) to a channel the subscription also listens to, and
 * if nothing is heard for the timeout, {@code dead} runs once.
 */
final class FeedPing {

  private final Vertx vertx;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final Supplier<Future<?>> heartbeat;
  private final Runnable dead;
  private final long timer;
  private long heardAt = System.nanoTime();
  private boolean publishing;
  private boolean stopped;

  FeedPing(Vertx vertx, FeedLiveness liveness, Supplier<Future<?>> heartbeat, Runnable dead) {
    this.vertx = vertx;
    this.intervalNanos = liveness.pingInterval().toNanos();
    this.timeoutNanos = liveness.timeout().toNanos();
    this.heartbeat = heartbeat;
    this.dead = dead;
    this.timer = vertx.setPeriodic(liveness.pingInterval().toMillis(), tick -> tick());
  }

  /** Something arrived on the subscription: an announcement, a heartbeat, a confirmation. */
  void heard() {
    heardAt = System.nanoTime();
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long silent = System.nanoTime() - heardAt;
    if (silent >= timeoutNanos) {
      stop();
      dead.run();
    } else if (silent >= intervalNanos && !publishing) {
      publishing = true;
      // A failed publish is Redis trouble the silence will show; the subscription is what is judged.
      heartbeat.get().onComplete(sent -> publishing = false);
    }
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
