package ledger.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often and how long {@link LedgerClient} tries a call again after UNAVAILABLE,
 * DEADLINE_EXCEEDED, or a RATE_LIMITED or APPEND_QUEUE_FULL with a RetryInfo: at most {@code maxAttempts} attempts in all (1 = no retry), the n-th retry
 * after a pause of at most {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, of which
 * the {@code jitter} fraction is random ("full jitter" at 1.0: uniform between zero and that cap,
 * so clients that failed together do not come back together; none at 0.0).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
    double jitter) {

  /** Four attempts, 100 ms doubling up to 2 s, full jitter. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 1.0);

  /** One attempt: every failure goes straight to the caller. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    Backoff.check(initialBackoff, maxBackoff, multiplier, jitter, true);
  }

  public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, 2.0, 1.0);
  }

  public RetryPolicy withJitter(double value) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, value);
  }

  /** The upper bound of the pause before retry number {@code retry} (1 for the first retry). */
  public Duration ceiling(int retry) {
    checkRetry(retry);
    return Backoff.ceiling(initialBackoff, maxBackoff, multiplier, retry);
  }

  /**
   * The pause before retry number {@code retry}: {@code ceiling * (1 - jitter * r)} with r drawn
   * from {@code random} in [0, 1). A server's RetryInfo delay, when given, is a floor: the pause is
   * never shorter than what the server asked for. The formula is {@link Backoff}'s.
   */
  public Duration pause(int retry, Duration serverDelay, DoubleSupplier random) {
    checkRetry(retry);
    return Backoff.delay(initialBackoff, maxBackoff, multiplier, jitter, retry, serverDelay, random.getAsDouble());
  }

  private static void checkRetry(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, got " + retry);
    }
  }
}
