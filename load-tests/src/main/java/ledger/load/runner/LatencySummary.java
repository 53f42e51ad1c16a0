package ledger.load.runner;

import org.HdrHistogram.Histogram;

/** The figures of a latency histogram (recorded in nanoseconds), in milliseconds. */
public record LatencySummary(long count, double min, double average, double p10, double p25, double p50, double p75,
                             double p90, double p95, double p99, double p999, double max) {

  public static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(h.getTotalCount(), ms(h.getMinValue()), h.getMean() / 1e6, at(h, 10), at(h, 25),
        at(h, 50), at(h, 75), at(h, 90), at(h, 95), at(h, 99), at(h, 99.9), ms(h.getMaxValue()));
  }

  private static double at(Histogram h, double percentile) {
    return ms(h.getValueAtPercentile(percentile));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
