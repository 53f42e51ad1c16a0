package ledger.load.runner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * Collects the outcome of every call of a run, from any thread: latencies in an
 * HdrHistogram (nanoseconds, three significant digits), status counts, a bounded sample of
 * error messages, and completions per second. The first {@code skipFirst} results are
 * left out (warm-up); after {@link #close} nothing more is counted.
 */
public final class Tally {

  /** Longest latency kept apart; anything slower is recorded as this. */
  static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);
  private static final int DISTINCT_ERRORS = 1_000;
  private static final String OK = "OK";

  private final long startNanos;
  private final Instant started = Instant.now();
  private final boolean countErrors;
  private final long skipFirst;
  private final Histogram latency = histogram();
  private final Map<String, Histogram> extra = new LinkedHashMap<>();
  private final Map<String, Long> statuses = new HashMap<>();
  private final Map<String, Long> errors = new HashMap<>();
  private final Map<String, Long> counters = new LinkedHashMap<>();
  private long[] okPerSecond = new long[16];
  private long[] errorsPerSecond = new long[16];
  private int seconds;
  private long seen;
  private long count;
  private long lastNanos;
  private long closedNanos = -1;
  private long otherErrors;

  /** @param countErrors also put failed calls' latencies into the histogram (ghz's count-errors) */
  public Tally(long startNanos, boolean countErrors, long skipFirst) {
    this.startNanos = startNanos;
    this.countErrors = countErrors;
    this.skipFirst = skipFirst;
    this.lastNanos = startNanos;
  }

  public long startNanos() {
    return startNanos;
  }

  /**
   * Counts one call.
   *
   * @param status    the gRPC status name ("OK", "FAILED_PRECONDITION" ...) or CLIENT_ERROR
   * @param latency   nanoseconds, measured however the run defines latency
   * @param endNanos  when the call ended ({@code System.nanoTime()}), for the per-second series
   * @return false when the result was skipped (warm-up, or the tally is closed)
   */
  public synchronized boolean record(String status, String message, long latency, long endNanos) {
    if (closedNanos >= 0) {
      return false;
    }
    if (seen++ < skipFirst) {
      return false;
    }
    count++;
    lastNanos = Math.max(lastNanos, endNanos);
    boolean ok = OK.equals(status);
    statuses.merge(status, 1L, Long::sum);
    if (ok || countErrors) {
      this.latency.recordValue(clamp(latency));
    }
    if (!ok) {
      String key = status + "\n" + (message == null ? "" : message);
      if (errors.containsKey(key) || errors.size() < DISTINCT_ERRORS) {
        errors.merge(key, 1L, Long::sum);
      } else {
        otherErrors++;
      }
    }
    int second = (int) Math.max(0, (endNanos - startNanos) / 1_000_000_000L);
    grow(second);
    if (ok) {
      okPerSecond[second]++;
    } else {
      errorsPerSecond[second]++;
    }
    return true;
  }

  /** Records a latency into a named extra histogram (service time, one step of a scenario ...). */
  public synchronized void recordExtra(String name, long latency) {
    if (closedNanos < 0) {
      extra.computeIfAbsent(name, k -> histogram()).recordValue(clamp(latency));
    }
  }

  public synchronized void add(String counter, long delta) {
    if (closedNanos < 0) {
      counters.merge(counter, delta, Long::sum);
    }
  }

  /** Makes an extra histogram and counter appear in the report even when nothing was recorded into it. */
  public synchronized void declare(String extraHistogram, String... counterNames) {
    if (extraHistogram != null) {
      extra.computeIfAbsent(extraHistogram, k -> histogram());
    }
    for (String c : counterNames) {
      counters.putIfAbsent(c, 0L);
    }
  }

  /** Stops counting: the run's time ends here, and later results are ignored. */
  public synchronized void close(long nowNanos) {
    if (closedNanos < 0) {
      closedNanos = nowNanos;
    }
  }

  public synchronized long count() {
    return count;
  }

  public synchronized long skipped() {
    return Math.min(seen, skipFirst);
  }

  public synchronized RunResult result(String name, String kind, JsonObject settings, String latencyBasis,
                                       List<String> notes) {
    long end = closedNanos >= 0 ? closedNanos : lastNanos;
    List<ErrorCount> errorCounts = new ArrayList<>();
    errors.forEach((key, n) -> {
      int cut = key.indexOf('\n');
      errorCounts.add(new ErrorCount(key.substring(0, cut), key.substring(cut + 1), n));
    });
    if (otherErrors > 0) {
      errorCounts.add(new ErrorCount("(more)", "further distinct error messages", otherErrors));
    }
    errorCounts.sort(Comparator.comparingLong(ErrorCount::count).reversed().thenComparing(ErrorCount::status));
    int used = Math.min(seconds + 1, okPerSecond.length);
    return new RunResult(name, kind, settings, started, Math.max(1, end - startNanos), count, skipped(), latencyBasis,
        latency, statuses, errorCounts, Arrays.copyOf(okPerSecond, count == 0 ? 0 : used),
        Arrays.copyOf(errorsPerSecond, count == 0 ? 0 : used), extra, counters, notes);
  }

  private void grow(int second) {
    if (second >= okPerSecond.length) {
      int size = Math.max(second + 1, okPerSecond.length * 2);
      okPerSecond = Arrays.copyOf(okPerSecond, size);
      errorsPerSecond = Arrays.copyOf(errorsPerSecond, size);
    }
    seconds = Math.max(seconds, second);
  }

  private static long clamp(long nanos) {
    return Math.min(Math.max(1, nanos), HIGHEST_NANOS);
  }

  static Histogram histogram() {
    return new Histogram(1, HIGHEST_NANOS, 3);
  }
}
