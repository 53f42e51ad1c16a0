package ledger.query;

import java.time.Duration;

/**
 * How the query role behaves.
 *
 * @param maxTokenWait  the longest a read waits for the view to reach a token, whatever the caller's deadline
 * @param keyPrefix     prefix of every Redis key the views use
 * @param viewCacheSize views kept in memory in front of Redis, fed by the projection's
 *                      announcements; 0 reads every view from Redis
 * @param pgPoolSize    PostgreSQL connections for history and time travel, which read the event store
 * @param readPageSize  events read per query when a stream is replayed (time travel, resumed streams)
 * @param feedLiveness  how a feed subscription that went silent is noticed and replaced
 */
public record QueryConfig(Duration maxTokenWait, String keyPrefix, int viewCacheSize, int pgPoolSize,
                          int readPageSize, FeedLiveness feedLiveness) {

  public QueryConfig(Duration maxTokenWait, String keyPrefix) {
    this(maxTokenWait, keyPrefix, 100_000, 4, 5_000, FeedLiveness.DEFAULTS);
  }

  public static QueryConfig defaults(String keyPrefix) {
    return new QueryConfig(Duration.ofSeconds(5), keyPrefix);
  }

  public QueryConfig withViewCacheSize(int size) {
    return new QueryConfig(maxTokenWait, keyPrefix, size, pgPoolSize, readPageSize, feedLiveness);
  }

  public QueryConfig withPgPoolSize(int size) {
    return new QueryConfig(maxTokenWait, keyPrefix, viewCacheSize, size, readPageSize, feedLiveness);
  }

  public QueryConfig {
    if (viewCacheSize < 0 || pgPoolSize < 1 || readPageSize < 1 || feedLiveness == null) {
      throw new IllegalArgumentException("invalid query config " + this);
    }
  }
}
