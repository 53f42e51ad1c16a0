package ledger.query;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

/**
 * PINGs one subscribed connection every interval (a subscriber may PING) and calls {@code dead}
 * once when a PING has gone unanswered for the timeout. One PING at a time, so a silent
 * connection does not pile them up.
 */
final class FeedPing {

  private final Vertx vertx;
  private final RedisConnection connection;
  private final long timeoutNanos;
  private final Runnable dead;
  private final long timer;
  private long sentAt;
  private boolean waiting;
  private boolean stopped;

  FeedPing(Vertx vertx, RedisConnection connection, FeedLiveness liveness, Runnable dead) {
    this.vertx = vertx;
    this.connection = connection;
    this.timeoutNanos = liveness.timeout().toNanos();
    this.dead = dead;
    this.timer = vertx.setPeriodic(liveness.pingInterval().toMillis(), tick -> tick());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    if (!waiting) {
      waiting = true;
      sentAt = now;
      // Any answer, even an error, says the connection carries replies; a closed one is the end handler's.
      connection.send(Request.cmd(Command.PING)).onComplete(answered -> waiting = false);
    } else if (now - sentAt >= timeoutNanos) {
      stop();
      dead.run();
    }
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
