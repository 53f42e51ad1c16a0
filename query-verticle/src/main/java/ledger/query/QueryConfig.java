package ledger.query;

import java.time.Duration;

import ledger.grpc.Rpc;
import ledger.readmodel.Partitioning;

/**
 * How the query role behaves.
 *
 * @param maxTokenWait  the longest a read waits for the view to reach a token, whatever the caller's deadline
 * @param keyPrefix     prefix of every Redis key the views use
 * @param viewCacheSize views kept in memory in front of Redis, fed by the projection's
 *                      announcements, shared out evenly among the partitions; 0 reads every view from Redis
 * @param pgPoolSize    PostgreSQL connections for history and time travel, which read the event store
 * @param readPageSize  events read per query when a stream is replayed (time travel, resumed streams)
 * @param feedLiveness  how a feed subscription that went silent is noticed and replaced
 * @param partitions    partitions of the views ({@code --projection-partitions}): the projection's count
 * @param maxMessageBytes the largest request message accepted, inflated ({@code --max-message-size})
 * @param streamBounds  how far a balance stream's client may fall behind before the stream is ended STREAM_TOO_SLOW
 */
public record QueryConfig(Duration maxTokenWait, String keyPrefix, int viewCacheSize, int pgPoolSize,
                          int readPageSize, FeedLiveness feedLiveness, int partitions, long maxMessageBytes,
                          StreamBounds streamBounds) {

  public QueryConfig(Duration maxTokenWait, String keyPrefix, int viewCacheSize, int pgPoolSize,
                     int readPageSize, FeedLiveness feedLiveness, int partitions, long maxMessageBytes) {
    this(maxTokenWait, keyPrefix, viewCacheSize, pgPoolSize, readPageSize, feedLiveness, partitions, maxMessageBytes,
        StreamBounds.DEFAULTS);
  }

  public QueryConfig(Duration maxTokenWait, String keyPrefix, int viewCacheSize, int pgPoolSize,
                     int readPageSize, FeedLiveness feedLiveness, int partitions) {
    this(maxTokenWait, keyPrefix, viewCacheSize, pgPoolSize, readPageSize, feedLiveness, partitions,
        Rpc.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public QueryConfig(Duration maxTokenWait, String keyPrefix) {
    this(maxTokenWait, keyPrefix, 100_000, 4, 5_000, FeedLiveness.DEFAULTS);
  }

  /** One partition: the views of before partitions. */
  public QueryConfig(Duration maxTokenWait, String keyPrefix, int viewCacheSize, int pgPoolSize,
                     int readPageSize, FeedLiveness feedLiveness) {
    this(maxTokenWait, keyPrefix, viewCacheSize, pgPoolSize, readPageSize, feedLiveness, 1);
  }

  public static QueryConfig defaults(String keyPrefix) {
    return new QueryConfig(Duration.ofSeconds(5), keyPrefix);
  }

  public QueryConfig withViewCacheSize(int size) {
    return new QueryConfig(maxTokenWait, keyPrefix, size, pgPoolSize, readPageSize, feedLiveness, partitions,
        maxMessageBytes, streamBounds);
  }

  public QueryConfig withPgPoolSize(int size) {
    return new QueryConfig(maxTokenWait, keyPrefix, viewCacheSize, size, readPageSize, feedLiveness, partitions,
        maxMessageBytes, streamBounds);
  }

  public QueryConfig withPartitions(int count) {
    return new QueryConfig(maxTokenWait, keyPrefix, viewCacheSize, pgPoolSize, readPageSize, feedLiveness, count,
        maxMessageBytes, streamBounds);
  }

  public QueryConfig withMaxMessageBytes(long bytes) {
    return new QueryConfig(maxTokenWait, keyPrefix, viewCacheSize, pgPoolSize, readPageSize, feedLiveness, partitions,
        bytes, streamBounds);
  }

  public QueryConfig withStreamBounds(StreamBounds bounds) {
    return new QueryConfig(maxTokenWait, keyPrefix, viewCacheSize, pgPoolSize, readPageSize, feedLiveness, partitions,
        maxMessageBytes, bounds);
  }

  /** Where each account's views live. */
  public Partitioning partitioning() {
    return new Partitioning(keyPrefix, partitions);
  }

  public QueryConfig {
    if (viewCacheSize < 0 || pgPoolSize < 1 || readPageSize < 1 || feedLiveness == null
        || partitions < 1 || partitions > Partitioning.MAX_COUNT || maxMessageBytes < 1 || streamBounds == null) {
      throw new IllegalArgumentException("invalid query config " + this);
    }
  }
}
