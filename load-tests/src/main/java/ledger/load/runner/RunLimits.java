package ledger.load.runner;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out request numbers 0, 1, 2 ... to the workers of a closed loop (or a scenario's) until the run's
 * count is reached or its end time has passed.
 */
public final class RunLimits {

  private final AtomicLong next = new AtomicLong();
  private final long total;
  private final long endNanos;

  /** @param total Long.MAX_VALUE for a timed run; @param endNanos Long.MAX_VALUE for none */
  public RunLimits(long total, long endNanos) {
    this.total = total;
    this.endNanos = endNanos;
  }

  /** The next request number, or -1 when the run is over. */
  public long next(long nowNanos) {
    if (nowNanos - endNanos >= 0) {
      return -1;
    }
    long n = next.getAndIncrement();
    return n < total ? n : -1;
  }
}
