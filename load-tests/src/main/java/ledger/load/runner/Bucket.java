package ledger.load.runner;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One bar of a linear latency histogram, as ghz prints it: {@code count} latencies above the
 * previous mark and at most {@code markMs}.
 */
public record Bucket(double markMs, long count) {

  /**
   * ghz's response time histogram: {@code bars} equal steps from the fastest to the slowest
   * call, plus the slowest as the last mark; each latency goes to the first mark at or
   * above it.
   */
  public static List<Bucket> linear(Histogram h, int bars) {
    List<Bucket> buckets = new ArrayList<>();
    if (h.getTotalCount() == 0) {
      return buckets;
    }
    long fastest = h.getMinValue();
    long slowest = h.getMaxValue();
    double step = (slowest - fastest) / (double) bars;
    double[] marks = new double[bars + 1];
    long[] counts = new long[bars + 1];
    for (int i = 0; i < bars; i++) {
      marks[i] = fastest + step * i;
    }
    marks[bars] = slowest;
    int b = 0;
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = Math.min(h.lowestEquivalentValue(v.getValueIteratedTo()), slowest);
      while (b < bars && value > marks[b]) {
        b++;
      }
      counts[b] += v.getCountAtValueIteratedTo();
    }
    for (int i = 0; i <= bars; i++) {
      buckets.add(new Bucket(marks[i] / 1e6, counts[i]));
    }
    return buckets;
  }

  /**
   * {@code bars} equal steps up to {@code upperNanos}, each mark the top of its bar, then one
   * more bucket (mark: the slowest call) for everything above {@code upperNanos}, so that a
   * long tail does not squash the chart.
   */
  public static List<Bucket> clipped(Histogram h, long upperNanos, int bars) {
    List<Bucket> buckets = new ArrayList<>();
    if (h.getTotalCount() == 0) {
      return buckets;
    }
    long lo = h.getMinValue();
    long hi = Math.max(lo + 1, Math.min(upperNanos, h.getMaxValue()));
    double step = (hi - lo) / (double) bars;
    long[] counts = new long[bars + 1];
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = h.lowestEquivalentValue(v.getValueIteratedTo());
      int b = value > hi ? bars : (int) Math.min(bars - 1, Math.max(0, Math.ceil((value - lo) / step) - 1));
      counts[b] += v.getCountAtValueIteratedTo();
    }
    for (int i = 0; i < bars; i++) {
      buckets.add(new Bucket((lo + step * (i + 1)) / 1e6, counts[i]));
    }
    buckets.add(new Bucket(h.getMaxValue() / 1e6, counts[bars]));
    return buckets;
  }
}
