package ledger.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often and how long {@link LedgerClient} tries a call again after UNAVAILABLE or
 * DEADLINE_EXCEEDED: at most {@code maxAttempts} attempts in all (1 = no retry), the n-th retry
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
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must be 0 <= initial <= max, got " + initialBackoff + ", " + maxBackoff);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be within [0, 1], got " + jitter);
    }
  }

  public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, 2.0, 1.0);
  }

  public RetryPolicy withJitter(double value) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, value);
  }

  /** The upper bound of the pause before retry number {@code retry} (1 for the first retry). */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, got " + retry);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
  }

  /**
   * The pause before retry number {@code retry}: {@code ceiling * (1 - jitter * r)} with r drawn
   * from {@code random} in [0, 1). A server's RetryInfo delay, when given, is a floor: the pause is
   * never shorter than what the server asked for.
   */
  public Duration pause(int retry, Duration serverDelay, DoubleSupplier random) {
    long ceiling = ceiling(retry).toNanos();
    double r = random.getAsDouble();
    long jittered = (long) (ceiling * (1.0 - jitter * r));
    Duration pause = Duration.ofNanos(Math.max(0, Math.min(ceiling, jittered)));
    return serverDelay != null && serverDelay.compareTo(pause) > 0 ? serverDelay : pause;
  }
}
