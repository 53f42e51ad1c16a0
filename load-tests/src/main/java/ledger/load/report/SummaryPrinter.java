package ledger.load.report;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ledger.load.runner.Bucket;
import ledger.load.runner.ErrorCount;
import ledger.load.runner.LatencySummary;
import ledger.load.runner.RunResult;

/** The text summary, laid out like ghz's (https://ghz.sh/docs/output), plus the runner's extra sections. */
public final class SummaryPrinter {

  private static final int BAR_WIDTH = 40;
  private static final int ERRORS_SHOWN = 10;

  private SummaryPrinter() {
  }

  public static void print(RunResult r, PrintStream out) {
    LatencySummary s = r.summary();
    out.println();
    out.println("Summary:");
    line(out, "Name:", r.name());
    line(out, "Count:", String.valueOf(r.count()));
    line(out, "Total:", duration(r.totalSeconds() * 1e3));
    line(out, "Slowest:", ms(s.max()));
    line(out, "Fastest:", ms(s.min()));
    line(out, "Average:", ms(s.average()));
    line(out, "Requests/sec:", fmt("%.2f", r.rps()));
    line(out, "Latency:", r.latencyBasis() + (s.count() < r.count() ? " (" + s.count() + " OK calls)" : ""));
    if (r.skipped() > 0) {
      line(out, "Skipped:", r.skipped() + " (warm-up, skipFirst)");
    }
    histogram(r, out);
    out.println();
    out.println("Latency distribution:");
    distribution(s, out);
    out.println();
    out.println("Status code distribution:");
    r.statuses().entrySet().stream().sorted(byCount()).forEach(e -> out.printf(Locale.ROOT, "  %-22s %d responses%n", "[" + e.getKey() + "]", e.getValue()));
    if (!r.errors().isEmpty()) {
      out.println();
      out.println("Error distribution:");
      List<ErrorCount> errors = r.errors();
      errors.stream().limit(ERRORS_SHOWN).forEach(e ->
          out.printf(Locale.ROOT, "  [%d]\t%s: %s%n", e.count(), e.status(), e.message()));
      if (errors.size() > ERRORS_SHOWN) {
        out.printf(Locale.ROOT, "  ... %d more distinct errors (see the JSON report)%n", errors.size() - ERRORS_SHOWN);
      }
    }
    r.extra().forEach((name, h) -> {
      LatencySummary e = LatencySummary.of(h);
      out.println();
      out.println(Character.toUpperCase(name.charAt(0)) + name.substring(1) + ":");
      out.printf(Locale.ROOT, "  count %d, average %s, p50 %s, p90 %s, p99 %s, p99.9 %s, max %s%n", e.count(),
          ms(e.average()), ms(e.p50()), ms(e.p90()), ms(e.p99()), ms(e.p999()), ms(e.max()));
    });
    if (!r.counters().isEmpty()) {
      out.println();
      out.println("Counters:");
      r.counters().forEach((k, v) -> out.printf(Locale.ROOT, "  %s: %d%n", k, v));
    }
    r.notes().forEach(n -> out.println("Note: " + n));
    out.println();
  }

  private static void histogram(RunResult r, PrintStream out) {
    List<Bucket> buckets = Bucket.linear(r.latency(), 10);
    if (buckets.isEmpty()) {
      return;
    }
    out.println();
    out.println("Response time histogram:");
    long most = buckets.stream().mapToLong(Bucket::count).max().orElse(1);
    for (Bucket b : buckets) {
      int marks = most == 0 ? 0 : (int) Math.round(BAR_WIDTH * (double) b.count() / most);
      out.printf(Locale.ROOT, "  %-8.3f [%d]\t|%s%n", b.markMs(), b.count(), "∎".repeat(marks));
    }
  }

  private static void distribution(LatencySummary s, PrintStream out) {
    if (s.count() == 0) {
      out.println("  (no latencies: no call succeeded; set count-errors to include failed calls)");
      return;
    }
    double[][] rows = {{10, s.p10()}, {25, s.p25()}, {50, s.p50()}, {75, s.p75()}, {90, s.p90()}, {95, s.p95()},
        {99, s.p99()}, {99.9, s.p999()}};
    for (double[] row : rows) {
      String pct = row[0] == Math.rint(row[0]) ? String.valueOf((int) row[0]) : String.valueOf(row[0]);
      out.printf(Locale.ROOT, "  %s %% in %s%n", pct, ms(row[1]));
    }
  }

  private static void line(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "  %-14s%s%n", label, value);
  }

  static String ms(double millis) {
    return fmt("%.2f ms", millis);
  }

  static String duration(double millis) {
    return millis < 1000 ? ms(millis) : fmt("%.2f s", millis / 1000);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Orders status names with the most frequent first, for the reports. */
  static Comparator<Map.Entry<String, Long>> byCount() {
    return Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
  }
}
