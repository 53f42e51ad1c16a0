package ledger.bench.failover;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ledger.bench.Sections;
import ledger.bench.suite.Listed;

/**
 * docs/benchmarks.md's section "Failover of the projection writer" of one {@link FailoverRun}:
 * the template {@code failover.md.mustache} (beside this class) filled with its figures.
 */
record FailoverSection(String started, int cores, String cpu, String loadBefore, String loadAfter,
                       String postgresVersion, String fsync, String redisVersion, String ledger, String jvm,
                       String busy, String command, String repetitions, List<Row> rows, Listed<String> misses,
                       List<String> faults) {

  static final String HEADING = Sections.FAILOVER_HEADING;

  /**
   * One fault: its spread over the repetitions, the target, whether every repetition met it, and how
   * often the standby took over (else the faulted process did, on a new session).
   */
  record Row(String fault, String min, String median, String max, String target, String met, String takenOverBy) {
  }

  static String render(FailoverRun run) {
    return Sections.render(FailoverSection.class, "failover.md", of(run));
  }

  static FailoverSection of(FailoverRun r) {
    List<Row> rows = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    r.samples().forEach((fault, samples) -> {
      // a repetition that never ended counts as slower than any that did
      double[] all = samples.stream().mapToDouble(FailoverRun.Sample::millis)
          .map(m -> Double.isNaN(m) ? Double.POSITIVE_INFINITY : m).sorted().toArray();
      long failed = Arrays.stream(all).filter(Double::isInfinite).count();
      long standby = samples.stream().filter(FailoverRun.Sample::byStandby).count();
      double limit = fault.target.toMillis();
      String beyond = "> " + fault.limit().toSeconds() + " s";
      double max = all.length == 0 ? Double.NaN : all[all.length - 1];
      String met;
      if (failed > 0) {
        met = "**no**: " + failed + " of " + samples.size() + " not within " + fault.limit().toSeconds() + " s";
        misses.add(String.format(Locale.ROOT, "%s: in %d of %d repetitions no writer applied within %d s (where the "
            + "bench stops waiting).", fault.title, failed, samples.size(), fault.limit().toSeconds()));
      } else if (max > limit) {
        long over = Arrays.stream(all).filter(m -> m > limit).count();
        met = "**no**: +" + seconds(max - limit);
        misses.add(String.format(Locale.ROOT, "%s: %d of %d repetitions over %s, the slowest %s (%s over).",
            fault.title, over, samples.size(), seconds(limit), seconds(max), seconds(max - limit)));
      } else {
        met = "yes";
      }
      rows.add(new Row(fault.title, all.length == 0 ? "—" : seconds(all[0], beyond), all.length == 0 ? "—"
          : seconds(median(all), beyond), all.length == 0 ? "—" : seconds(max, beyond), "≤ " + seconds(limit), met,
          String.format(Locale.ROOT, "%d of %d", standby, samples.size())));
    });
    return new FailoverSection(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
        .format(r.started()), r.machine().cores(), r.machine().cpuModel(), Sections.load(r.machine().loadBefore()),
        Sections.load(r.loadAfter()), r.postgres().getOrDefault("server_version", "?"), r.postgres().getOrDefault("fsync", "?"),
        r.redisVersion(), Sections.commit(r.machine().git()), r.jvm(),
        Sections.busy(r.machine().loadBefore(), r.loadAfter(), r.machine().cores()), r.command(), r.rounds() == 1 ? "once" : r.rounds() + " times",
        rows, Listed.of(misses), Arrays.stream(Fault.values()).map(f -> "**" + f.title + "**: " + f.description + ".")
        .toList());
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String seconds(double millis, String beyond) {
    return Double.isInfinite(millis) ? beyond : seconds(millis);
  }

  /** 0.84 s, 9.12 s. */
  private static String seconds(double millis) {
    return String.format(Locale.ROOT, "%.2f s", millis / 1000);
  }
}
