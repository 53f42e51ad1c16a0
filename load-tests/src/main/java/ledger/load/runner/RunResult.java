package ledger.load.runner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measured, for the summary and the reports.
 *
 * @param kind           "ghz" for a config file, or the Java scenario's name
 * @param settings       the run's effective settings, as they go into the JSON report
 * @param latencyBasis   what {@code latency} measures, in words
 * @param latency        nanoseconds; with count-errors off, of the OK calls only (as ghz)
 * @param okPerSecond    calls that ended OK in each second of the run
 * @param extra          further latency histograms (service time, each step of a pair ...)
 * @param counters       named counts the scenario keeps (stream messages, stale reads ...)
 */
public record RunResult(String name, String kind, JsonObject settings, Instant started, long totalNanos, long count,
                        long skipped, String latencyBasis, Histogram latency, Map<String, Long> statuses,
                        List<ErrorCount> errors, long[] okPerSecond, long[] errorsPerSecond,
                        Map<String, Histogram> extra, Map<String, Long> counters, List<String> notes) {

  public RunResult {
    settings = settings.copy();
    latency = latency.copy();
    statuses = Map.copyOf(statuses);
    errors = List.copyOf(errors);
    okPerSecond = okPerSecond.clone();
    errorsPerSecond = errorsPerSecond.clone();
    Map<String, Histogram> copies = new LinkedHashMap<>();
    extra.forEach((k, v) -> copies.put(k, v.copy()));
    extra = copies;
    counters = new LinkedHashMap<>(counters);
    notes = List.copyOf(notes);
  }

  public double totalSeconds() {
    return totalNanos / 1e9;
  }

  /** ghz's Requests/sec: every counted call, OK or not, over the whole run. */
  public double rps() {
    return totalNanos <= 0 ? 0 : count / totalSeconds();
  }

  public LatencySummary summary() {
    return LatencySummary.of(latency);
  }

  public long ok() {
    return statuses.getOrDefault("OK", 0L);
  }
}
