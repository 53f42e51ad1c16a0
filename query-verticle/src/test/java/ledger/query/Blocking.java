package ledger.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import io.vertx.core.Future;

/** Waits from the test thread, always bounded: a broken server fails a test, never hangs it. */
final class Blocking {

  static final long TIMEOUT_SECONDS = 30;

  private Blocking() {
  }

  static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(TIMEOUT_SECONDS));
  }

  static <T> T await(Future<T> future, Duration limit) {
    try {
      return future.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + limit.toMillis() + " ms", e);
    }
  }

  /** Returns once {@code condition} holds; fails the test if it does not within {@code limit}. */
  static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not true within " + limit.toMillis() + " ms: " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }

  /** A deliberate pause, for tests whose point is that nothing happens meanwhile. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
