package ledger.projection;

import io.vertx.core.Vertx;
import ledger.store.pg.EventTail;

/** Reports the store's head while this instance writes, so lag in events can be graphed. */
final class HeadWatch {

  private final Vertx vertx;
  private final EventTail tail;
  private final long intervalMillis;
  private final ProjectionObserver observer;
  private long timer = -1;

  HeadWatch(Vertx vertx, EventTail tail, long intervalMillis, ProjectionObserver observer) {
    this.vertx = vertx;
    this.tail = tail;
    this.intervalMillis = intervalMillis;
    this.observer = observer;
  }

  void start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(intervalMillis, tick -> tail.head().onSuccess(observer::head));
    }
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
