package ledger.grpc;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;

/**
 * A token bucket per caller ({@link Caller#limitKey()}), shared by every event loop of the
 * process ({@link BucketsPerKey}): {@code ratePerSecond} commands a second, up to {@code burst}
 * at once. A refusal costs a compare-and-set and nothing else; at most {@code maxCallers}
 * callers are remembered.
 */
public final class CommandRateLimit {

  private final long ratePerSecond;
  private final long burst;
  private final BucketsPerKey buckets;

  public CommandRateLimit(long ratePerSecond, long burst, long maxCallers) {
    this(ratePerSecond, burst, maxCallers, TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
  }

  /** With clocks of the test's choosing (both count nanoseconds). */
  CommandRateLimit(long ratePerSecond, long burst, long maxCallers, TimeMeter clock, Ticker ticker) {
    if (ratePerSecond < 1 || burst < 1 || maxCallers < 1) {
      throw new IllegalArgumentException("a rate limit needs a rate, a burst and room for callers of at least 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.buckets = new BucketsPerKey(ratePerSecond, burst, maxCallers, clock, ticker);
  }

  /** Takes one command's token from the caller's bucket: null when there was one, else the refusal. */
  public LedgerException tryAcquire(Caller caller) {
    long waitMillis = buckets.tryTake(caller.limitKey());
    if (waitMillis == 0) {
      return null;
    }
    return new LedgerException(new Rejection(Reason.RATE_LIMITED, "more than " + ratePerSecond
        + " commands a second (bursts of " + burst + "); retry after " + waitMillis + " ms",
        Map.of("retry_after_ms", Long.toString(waitMillis), "rate_per_second", Long.toString(ratePerSecond),
            "burst", Long.toString(burst))), Duration.ofMillis(waitMillis));
  }

  /** Callers with a bucket right now (idle ones may linger until the map's next upkeep). */
  public long callers() {
    return buckets.keys();
  }
}
