package ledger.grpc;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * A token bucket per key (a caller, a peer), shared by every event loop of the process:
 * {@code ratePerSecond} tokens a second, up to {@code burst} at once. Bucket4j's local buckets
 * are lock-free (a compare-and-set on the bucket's state) and never block. A bucket left idle
 * until it is full again carries no information, so the map forgets it after exactly that time;
 * it also holds at most {@code maxKeys} buckets (least recently used forgotten first), so a
 * flood of new keys cannot grow it without bound: a key forgotten early only starts full again.
 */
public final class BucketsPerKey {

  private final long ratePerSecond;
  private final long burst;
  private final TimeMeter clock;
  private final Cache<String, Bucket> buckets;

  /** With clocks of the caller's choosing (both count nanoseconds): the system's, or a test's. */
  public BucketsPerKey(long ratePerSecond, long burst, long maxKeys, TimeMeter clock, Ticker ticker) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
    // Refilling the whole burst takes burst / rate seconds; an idle bucket is full by then.
    Duration refill = Duration.ofNanos(Math.max(1, burst * 1_000_000_000L / ratePerSecond));
    this.buckets = Caffeine.newBuilder().expireAfterAccess(refill).maximumSize(maxKeys).ticker(ticker).build();
  }

  /** Takes one token of {@code key}'s bucket: 0 when there was one, else the milliseconds until there is (at least 1). */
  public long tryTake(String key) {
    ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000);
  }

  /** Gives a token back to {@code key}'s bucket (never past its capacity). */
  public void giveBack(String key) {
    bucket(key).addTokens(1);
  }

  /** Keys with a bucket right now (idle ones may linger until the map's next upkeep). */
  public long keys() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucket(String key) {
    return buckets.get(key, k -> Bucket.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(ratePerSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(clock)
        .build());
  }
}
