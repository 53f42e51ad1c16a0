package ledger.query;

import java.time.Duration;

/**
 * How the query role notices a feed subscription that went silent (a dropped route sends no
 * FIN and no RST, and TCP keepalive speaks up only after minutes): it PINGs the subscribed
 * connection and, when a PING stays unanswered, drops the connection and subscribes again.
 *
 * @param pingInterval how often the subscribed connection is PINGed
 * @param timeout      a PING unanswered for this long means the connection is dead
 */
public record FeedLiveness(Duration pingInterval, Duration timeout) {

  /** A silent feed is replaced within about 4 s. */
  public static final FeedLiveness DEFAULTS = new FeedLiveness(Duration.ofSeconds(1), Duration.ofSeconds(3));

  public FeedLiveness {
    if (pingInterval.isNegative() || pingInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("invalid feed liveness " + pingInterval + ", " + timeout);
    }
  }
}
