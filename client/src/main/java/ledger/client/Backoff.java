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
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    if (multiplier < 1 || jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("backoff needs multiplier >= 1 and jitter in [0, 1], got "
          + multiplier + " and " + jitter);
    }
  }

  /**
   * The wait before attempt number {@code attempt} (1 for the first retry after a success) given
   * {@code random} in [0, 1) and the server's hint ({@code null}: none).
   */
  public Duration delay(int attempt, Duration serverHint, double random) {
    double step = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1)));
    Duration jittered = Duration.ofNanos((long) (step * (1 - jitter * random)));
    return serverHint != null && serverHint.compareTo(jittered) > 0 ? serverHint : jittered;
  }
}
