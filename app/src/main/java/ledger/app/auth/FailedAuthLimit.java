package ledger.app.auth;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;
import ledger.grpc.BucketsPerKey;

/**
 * A token bucket of failed authentications per peer address, shared by every event loop: a
 * token not verified before takes one before its signature is checked, and gets it back when it
 * verifies, so only failures drain the bucket. A peer whose bucket is empty is refused
 * RATE_LIMITED without any signature check, which is what keeps a flood of forged tokens (each
 * costing an ES256 verification, milliseconds of event loop) from starving honest callers.
 * Counting by address, not subject: a caller that failed to authenticate has none. The map of
 * buckets is bounded and forgets full ones ({@link BucketsPerKey}), as the command rate limit's is.
 */
final class FailedAuthLimit {

  /** Peers whose buckets are kept at most (about 500 bytes each); one forgotten early starts full again. */
  static final long MAX_PEERS = 20_000;

  private final long ratePerSecond;
  private final long burst;
  private final BucketsPerKey buckets;

  FailedAuthLimit(long ratePerSecond, long burst) {
    this(ratePerSecond, burst, MAX_PEERS, TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
  }

  /** With clocks of the test's choosing (both count nanoseconds). */
  FailedAuthLimit(long ratePerSecond, long burst, long maxPeers, TimeMeter clock, Ticker ticker) {
    if (ratePerSecond < 1 || burst < 1 || maxPeers < 1) {
      throw new IllegalArgumentException("a failure limit needs a rate, a burst and room for peers of at least 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.buckets = new BucketsPerKey(ratePerSecond, burst, maxPeers, clock, ticker);
  }

  /** Takes a token for one verification from {@code peer}: null when there was one, else the refusal. */
  LedgerException tryVerify(String peer) {
    long waitMillis = buckets.tryTake(key(peer));
    if (waitMillis == 0) {
      return null;
    }
    return new LedgerException(new Rejection(Reason.RATE_LIMITED, "more than " + ratePerSecond
        + " failed authentications a second from this address (bursts of " + burst + "); retry after "
        + waitMillis + " ms", Map.of("retry_after_ms", Long.toString(waitMillis),
        "rate_per_second", Long.toString(ratePerSecond), "burst", Long.toString(burst), "limit", "auth_failures")),
        Duration.ofMillis(waitMillis));
  }

  /** The verification {@code peer} took a token for succeeded: the token goes back. */
  void verified(String peer) {
    buckets.giveBack(key(peer));
  }

  private static String key(String peer) {
    return peer == null ? "" : peer;
  }
}
