package ledger.bench.suite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ledger.load.runner.RunResult;

/** How fast the first runs of each kind warmed up: OK calls per second against the measured run's rate. */
final class WarmUpSection {

  record Row(String name, String cold, String perSecond, String reached) {
  }

  private WarmUpSection() {
  }

  static Listed<Row> of(SuiteResult r) {
    List<Row> rows = new ArrayList<>();
    r.warmUps.forEach((name, w) -> rows.add(row(name, w, r.run(name))));
    return Listed.of(rows);
  }

  private static Row row(String name, RunResult w, Measurement m) {
    double steady = m == null ? Double.NaN : m.okRate();
    // whole seconds only: the last entry is the part-second in which the run was cut off
    long[] perSecond = Arrays.copyOf(w.okPerSecond(), (int) Math.min(w.okPerSecond().length,
        Math.floor(w.totalSeconds())));
    List<String> series = new ArrayList<>();
    for (int i = 0; i < Math.min(perSecond.length, 30); i++) {
      series.add(String.format(Locale.ROOT, "%,d", perSecond[i]));
    }
    int reached = reached(perSecond, steady);
    return new Row(name, cold(name), String.join(", ", series), Double.isNaN(steady) ? Fmt.NONE
        : reached < 0 ? "not within the warm-up" : reached + " s");
  }

  /** The first second from which a 3-second moving average stays at or above 90 % of {@code steady}. */
  static int reached(long[] perSecond, double steady) {
    int from = -1;
    for (int i = 0; i + 2 < perSecond.length; i++) {
      double avg = (perSecond[i] + perSecond[i + 1] + perSecond[i + 2]) / 3.0;
      if (avg >= 0.9 * steady) {
        if (from < 0) {
          from = i;
        }
      } else {
        from = -1;
      }
    }
    return from < 0 ? -1 : from + 1;
  }

  /** Which end of the run was still cold when the warm-up began. */
  private static String cold(String name) {
    return switch (name) {
      case "ceiling-grpc-max" -> "load generator and ceiling server";
      case "deposit-max" -> "the service's command path";
      case "balance-max" -> "the service's query path";
      default -> "";
    };
  }
}
