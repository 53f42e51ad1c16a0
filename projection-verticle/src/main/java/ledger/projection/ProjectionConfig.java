package ledger.projection;

import java.time.Duration;

/**
 * How the projection behaves.
 *
 * @param batchSize     events read and applied per round trip
 * @param pollInterval  how often the tail looks for events even without a NOTIFY
 * @param lockRetry     how often a standby instance tries to become the writer
 * @param keyPrefix     prefix of every Redis key the views use
 */
public record ProjectionConfig(int batchSize, Duration pollInterval, Duration lockRetry, String keyPrefix) {

  public static ProjectionConfig defaults(String keyPrefix) {
    return new ProjectionConfig(1000, Duration.ofMillis(200), Duration.ofSeconds(1), keyPrefix);
  }
}
