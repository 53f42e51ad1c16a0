package ledger.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.vertx.core.Future;

/**
 * Every wait a test makes from its own thread, each with a limit: a broken server fails a
 * test, never hangs it. Conditions are polled every few milliseconds inside the limit;
 * nothing here waits for time to pass and hopes.
 */
public final class Waits {

  /** How long a future may take when the test names no limit of its own. */
  public static final Duration LIMIT = Duration.ofSeconds(30);
  /**
   * How long {@link #eventually(Runnable)} retries, sized for a busy 2-core machine: a passing test
   * never waits it out, and 10 s was seen running out in FullRebuildIT with two CPU hogs and a
   * second build beside the suite.
   */
  public static final Duration EVENTUALLY = Duration.ofSeconds(30);

  private static final long POLL_MILLIS = 5;

  private Waits() {
  }

  /** The future's result; fails the test if it fails or takes longer than {@link #LIMIT}. */
  public static <T> T await(Future<T> future) {
    return await(future, LIMIT);
  }

  public static <T> T await(Future<T> future, Duration limit) {
    try {
      return future.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + limit.toMillis() + " ms", e);
    }
  }

  /**
   * Returns the first value of {@code probe} that is {@code done}; fails the test with the
   * last value seen if none is within {@code limit}.
   */
  public static <T> T until(String what, Duration limit, Supplier<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + limit.toNanos();
    T seen = probe.get();
    while (!done.test(seen)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what + "; last seen: " + seen);
      }
      pause();
      seen = probe.get();
    }
    return seen;
  }

  /** Runs the assertion until it passes, for at most {@link #EVENTUALLY}; a failure is the last one seen. */
  public static void eventually(Runnable assertion) {
    eventually(EVENTUALLY, assertion);
  }

  public static void eventually(Duration limit, Runnable assertion) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
      pause();
    }
  }

  /** Checks the assertion again and again for the whole duration: for something that must not happen. */
  public static void throughout(Duration duration, Runnable assertion) {
    long deadline = System.nanoTime() + duration.toNanos();
    assertion.run();
    while (System.nanoTime() - deadline < 0) {
      pause();
      assertion.run();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
