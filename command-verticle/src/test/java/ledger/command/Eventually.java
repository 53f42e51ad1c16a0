package ledger.command;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls for something that happens asynchronously, for a bounded time; the last value seen explains a failure. */
final class Eventually {

  private static final long POLL_MILLIS = 10;

  private Eventually() {
  }

  static <T> T await(String what, Duration within, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + within.toNanos();
    T seen = probe.get();
    while (!done.test(seen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + within.toMillis() + " ms; last seen: " + seen);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      seen = probe.get();
    }
    return seen;
  }
}
