package ledger.client;

import java.time.Duration;

/**
 * How long to wait before the next attempt: {@code initial}, multiplied by {@code multiplier}
 * for each further attempt in a row, never above {@code max}, less a random part of up to
 * {@code jitter} of it so that many clients cut off at once do not come back at once. A
 * server's RetryInfo delay is a floor: the wait is never shorter than what the server asked.
 *
 * @param jitter between 0 (no randomness) and 1
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  /** 100 ms, doubling up to 10 s, each wait between half and all of its step. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5);

  public Backoff {
    check(initial, max, multiplier, jitter, false);
  }

  /**
   * The wait before attempt number {@code attempt} (1 for the first retry after a success) given
   * {@code random} in [0, 1) and the server's hint ({@code null}: none).
   */
  public Duration delay(int attempt, Duration serverHint, double random) {
    return delay(initial, max, multiplier, jitter, attempt, serverHint, random);
  }

  /*
   * The one formula and validator of waits, RetryPolicy's too: the two differ in what they do
   * with the wait (RetryPolicy caps the attempts and gives up on a hint above its maximum; a
   * watch waits it out), not in how long it is.
   */

  /** {@code min(max, initial * multiplier^(attempt-1))}; attempts below 1 count as 1. */
  static Duration ceiling(Duration initial, Duration max, double multiplier, int attempt) {
    double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
  }

  /** {@code ceiling * (1 - jitter * random)}, within [0, ceiling], never under the server's hint. */
  static Duration delay(Duration initial, Duration max, double multiplier, double jitter, int attempt,
      Duration serverHint, double random) {
    long ceiling = ceiling(initial, max, multiplier, attempt).toNanos();
    long jittered = (long) (ceiling * (1.0 - jitter * random));
    Duration wait = Duration.ofNanos(Math.max(0, Math.min(ceiling, jittered)));
    return serverHint != null && serverHint.compareTo(wait) > 0 ? serverHint : wait;
  }

  /** {@code zeroAllowed}: whether {@code initial} may be zero (a retry policy that does not pause). */
  static void check(Duration initial, Duration max, double multiplier, double jitter, boolean zeroAllowed) {
    if (initial.isNegative() || !zeroAllowed && initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs " + (zeroAllowed ? "0 <= " : "0 < ")
          + "initial <= max, got " + initial + " and " + max);
    }
    if (!(multiplier >= 1) || !(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff needs multiplier >= 1 and jitter in [0, 1], got "
          + multiplier + " and " + jitter);
    }
  }
}
