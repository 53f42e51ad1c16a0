package ledger.query;

import java.time.Duration;

import io.vertx.core.Vertx;

/**
 * A balance stream's stall clock: started when its transport is full while a change waits, stopped
 * when the transport drains; if it runs out first, the stream is too slow. Used on the stream's event
 * loop only.
 */
final class StallClock {

  private static final long STOPPED = -1;

  private final Vertx vertx;
  private final Duration timeout;
  private long timer = STOPPED;

  StallClock(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  /** Starts the clock unless it runs already; {@code runOut} runs when it runs out before a {@link #stop}. */
  void start(Runnable runOut) {
    if (timer != STOPPED) {
      return;
    }
    timer = vertx.setTimer(timeout.toMillis(), fired -> {
      timer = STOPPED;
      runOut.run();
    });
  }

  void stop() {
    if (timer != STOPPED) {
      vertx.cancelTimer(timer);
      timer = STOPPED;
    }
  }
}
