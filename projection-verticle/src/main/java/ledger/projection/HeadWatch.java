package ledger.projection;

import java.time.Duration;
import java.time.Instant;

import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import ledger.store.pg.EventTail;
import ledger.store.pg.TailHealth;

/**
 * Reports the store's head, the age of the oldest transaction holding the tail back and the
 * number of degraded views while this instance writes, so lag in events can be graphed and a
 * long transaction or a degraded account alerted on.
 */
final class HeadWatch {

  private final Vertx vertx;
  private final EventTail tail;
  private final TailHealth health;
  private final Supplier<Future<Long>> degradedAccounts;
  private final long intervalMillis;
  private final ProjectionObserver observer;
  private long timer = -1;

  HeadWatch(Vertx vertx, EventTail tail, TailHealth health, Supplier<Future<Long>> degradedAccounts,
            long intervalMillis, ProjectionObserver observer) {
    this.vertx = vertx;
    this.tail = tail;
    this.health = health;
    this.degradedAccounts = degradedAccounts;
    this.intervalMillis = intervalMillis;
    this.observer = observer;
  }

  void start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(intervalMillis, tick -> {
        tail.head().onSuccess(observer::head);
        health.oldestTransaction().onSuccess(oldest -> observer.oldestTransaction(oldest
            .filter(transaction -> transaction.since() != null)
            .map(transaction -> Duration.between(transaction.since(), Instant.now()))
            .orElse(Duration.ZERO)));
        degradedAccounts.get().onSuccess(observer::degradedAccounts);
      });
    }
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      observer.oldestTransaction(Duration.ZERO);
    }
  }
}
