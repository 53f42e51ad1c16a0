package ledger.grpc;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;

/**
 * A token bucket per caller ({@link Caller#limitKey()}), shared by every event loop of the
 * process: {@code ratePerSecond} commands a second, up to {@code burst} at once. Bucket4j's
 * local buckets are lock-free (a compare-and-set on the bucket's state) and never block; a
 * refusal costs that and nothing else. A bucket left idle until it is full again carries no
 * information, so the map forgets it after exactly that time; it also holds at most
 * {@code maxCallers} buckets (least recently used forgotten first), so a flood of new
 * callers cannot grow it without bound: a caller forgotten early only starts full again.
 */
public final class CommandRateLimit {

  private final long ratePerSecond;
  private final long burst;
  private final TimeMeter clock;
  private final Cache<String, Bucket> buckets;

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
    this.clock = clock;
    // Refilling the whole burst takes burst / rate seconds; an idle bucket is full by then.
    Duration refill = Duration.ofNanos(Math.max(1, burst * 1_000_000_000L / ratePerSecond));
    this.buckets = Caffeine.newBuilder().expireAfterAccess(refill).maximumSize(maxCallers).ticker(ticker).build();
  }

  /** Takes one command's token from the caller's bucket: null when there was one, else the refusal. */
  public LedgerException tryAcquire(Caller caller) {
    Bucket bucket = buckets.get(caller.limitKey(), key -> newBucket());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return null;
    }
    long waitMillis = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000);
    return new LedgerException(new Rejection(Reason.RATE_LIMITED, "more than " + ratePerSecond
        + " commands a second (bursts of " + burst + "); retry after " + waitMillis + " ms",
        Map.of("retry_after_ms", Long.toString(waitMillis), "rate_per_second", Long.toString(ratePerSecond),
            "burst", Long.toString(burst))), Duration.ofMillis(waitMillis));
  }

  /** Callers with a bucket right now (idle ones may linger until the map's next upkeep). */
  public long callers() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(ratePerSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(clock)
        .build();
  }
}
