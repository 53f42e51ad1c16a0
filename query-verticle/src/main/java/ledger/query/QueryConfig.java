package ledger.query;

import java.time.Duration;

/**
 * How the query role behaves.
 *
 * @param maxTokenWait  the longest a read waits for the view to reach a token, whatever the caller's deadline
 * @param keyPrefix     prefix of every Redis key the views use
 * @param viewCacheSize views kept in memory in front of Redis, fed by the projection's
 *                      announcements; 0 reads every view from Redis
 */
public record QueryConfig(Duration maxTokenWait, String keyPrefix, int viewCacheSize) {

  public QueryConfig(Duration maxTokenWait, String keyPrefix) {
    this(maxTokenWait, keyPrefix, 100_000);
  }

  public static QueryConfig defaults(String keyPrefix) {
    return new QueryConfig(Duration.ofSeconds(5), keyPrefix);
  }
}
