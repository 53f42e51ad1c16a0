package ledger.bench.suite;

import ledger.load.runner.LatencySummary;
import org.HdrHistogram.Histogram;

/** A latency's p50, p90, p99 and max, formatted for the report. */
record Spread(String p50, String p90, String p99, String max) {

  static Spread of(LatencySummary s) {
    return new Spread(Fmt.ms(s.p50()), Fmt.ms(s.p90()), Fmt.ms(s.p99()), Fmt.ms(s.max()));
  }

  static Spread of(Histogram h) {
    return of(LatencySummary.of(h));
  }
}
