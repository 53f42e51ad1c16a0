package ledger.query;

import java.time.Duration;

/**
 * How the query role behaves.
 *
 * @param maxTokenWait  the longest a read waits for the view to reach a token, whatever the caller's deadline
 * @param keyPrefix     prefix of every Redis key the views use
 */
public record QueryConfig(Duration maxTokenWait, String keyPrefix) {

  public static QueryConfig defaults(String keyPrefix) {
    return new QueryConfig(Duration.ofSeconds(5), keyPrefix);
  }
}
