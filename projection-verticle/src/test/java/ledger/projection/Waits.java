package ledger.projection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;

/** Bounded waits for tests on the JUnit thread: poll every 20 ms instead of sleeping a guessed time. */
final class Waits {

  static final Duration WAIT = Duration.ofSeconds(10);

  private Waits() {
  }

  /** Runs the assertion until it passes, every 20 ms, for at most {@link #WAIT}. */
  static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  /** Checks the assertion every 20 ms for the whole duration: something that must not happen. */
  static void throughout(Duration duration, Runnable assertion) {
    long deadline = System.nanoTime() + duration.toNanos();
    do {
      assertion.run();
      pause();
    } while (System.nanoTime() < deadline);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }
}
