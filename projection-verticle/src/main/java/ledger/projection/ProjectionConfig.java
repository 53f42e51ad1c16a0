package ledger.projection;

import java.time.Duration;

import ledger.grpc.Rpc;
import ledger.readmodel.Partitioning;

/**
 * How the projection behaves.
 *
 * @param batchSize     events read and applied per round trip
 * @param pollInterval  how often the tail looks for events even without a NOTIFY
 * @param lockRetry     how often a standby instance tries to become the writer
 * @param keyPrefix     prefix of every Redis key the views use
 * @param pgPoolSize    PostgreSQL connections for the tail's reads and the head lookups; the
 *                      writer lock and LISTEN each hold one more of their own
 * @param headInterval  how often the writer looks up the store's head (the lag-in-events metric)
 * @param lockLiveness  how the writer checks its lock's session, and how soon PostgreSQL drops a silent one
 * @param partitions    how many partitions the views are split into ({@code --projection-partitions}):
 *                      each has its own writer lock, tail and checkpoint; every process must be given the same
 * @param maxMessageBytes the largest AdminService request message accepted, inflated ({@code --max-message-size})
 */
public record ProjectionConfig(int batchSize, Duration pollInterval, Duration lockRetry, String keyPrefix,
                               int pgPoolSize, Duration headInterval, LockLiveness lockLiveness, int partitions,
                               long maxMessageBytes) {

  public ProjectionConfig(int batchSize, Duration pollInterval, Duration lockRetry, String keyPrefix,
                          int pgPoolSize, Duration headInterval, LockLiveness lockLiveness, int partitions) {
    this(batchSize, pollInterval, lockRetry, keyPrefix, pgPoolSize, headInterval, lockLiveness, partitions,
        Rpc.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public ProjectionConfig(int batchSize, Duration pollInterval, Duration lockRetry, String keyPrefix,
                          int pgPoolSize, Duration headInterval, LockLiveness lockLiveness) {
    this(batchSize, pollInterval, lockRetry, keyPrefix, pgPoolSize, headInterval, lockLiveness, 1);
  }

  public ProjectionConfig(int batchSize, Duration pollInterval, Duration lockRetry, String keyPrefix,
                          int pgPoolSize, Duration headInterval) {
    this(batchSize, pollInterval, lockRetry, keyPrefix, pgPoolSize, headInterval, LockLiveness.DEFAULTS);
  }

  /** The tail reads one batch at a time, so two connections cover it and the head lookup. */
  public ProjectionConfig(int batchSize, Duration pollInterval, Duration lockRetry, String keyPrefix) {
    this(batchSize, pollInterval, lockRetry, keyPrefix, 2, Duration.ofSeconds(1));
  }

  /**
   * Events per batch of a full rebuild: larger than the tail's, since nobody waits on a
   * generation that is not live yet and every round trip costs (docs/benchmarks.md).
   */
  public int rebuildBatchSize() {
    return Math.max(batchSize, 5_000);
  }

  public static ProjectionConfig defaults(String keyPrefix) {
    return new ProjectionConfig(1000, Duration.ofMillis(200), Duration.ofSeconds(1), keyPrefix);
  }

  /** This config with the views split into {@code count} partitions. */
  public ProjectionConfig withPartitions(int count) {
    return new ProjectionConfig(batchSize, pollInterval, lockRetry, keyPrefix, pgPoolSize, headInterval, lockLiveness,
        count, maxMessageBytes);
  }

  public ProjectionConfig withMaxMessageBytes(long bytes) {
    return new ProjectionConfig(batchSize, pollInterval, lockRetry, keyPrefix, pgPoolSize, headInterval, lockLiveness,
        partitions, bytes);
  }

  /** How the views are split: the key prefix and writer lock of each partition. */
  public Partitioning partitioning() {
    return new Partitioning(keyPrefix, partitions);
  }

  public ProjectionConfig {
    if (batchSize < 1 || pgPoolSize < 1 || pollInterval.isNegative() || pollInterval.isZero()
        || lockRetry.isNegative() || lockRetry.isZero() || headInterval.isNegative() || headInterval.isZero()
        || lockLiveness == null || partitions < 1 || partitions > Partitioning.MAX_COUNT
        || maxMessageBytes < 1) {
      throw new IllegalArgumentException("invalid projection config " + this);
    }
  }
}
