package ledger.bench.security;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import ledger.bench.Sections;
import ledger.bench.suite.Listed;

/**
 * docs/benchmarks.md's section "The cost of TLS and JWT verification" of one {@link SecurityRun}: the
 * template {@code security.md.mustache} (beside this class) filled with its figures, each set-up
 * beside plaintext without auth.
 */
record SecuritySection(String started, int cores, String cpu, String loadBefore, String loadAfter,
                       String postgresVersion, String fsync, String redisVersion, String ledger, String jvm,
                       String busy, String command, String duration, String warmup, String rounds, String order,
                       List<String> setups, boolean ceiling, List<Table> tables, Listed<String> costs) {

  static final String HEADING = Sections.SECURITY_HEADING;

  /** One load's table. */
  record Table(String title, String unit, List<Row> rows) {
  }

  record Row(String setup, String rate, String rounds, String rateRatio, String p99, String p99Ratio,
             String serviceCpu, String loadCpu, String failed) {
  }

  static String render(SecurityRun run) {
    return Sections.render(SecuritySection.class, "security.md", of(run));
  }

  static SecuritySection of(SecurityRun r) {
    List<Table> tables = new ArrayList<>();
    List<String> costs = new ArrayList<>();
    r.results().forEach((load, bySetup) -> {
      Measured base = bySetup.get(Setup.PLAINTEXT);
      List<Row> rows = new ArrayList<>();
      List<String> cost = new ArrayList<>();
      bySetup.forEach((setup, m) -> {
        rows.add(new Row(setup.title, String.format(Locale.ROOT, "%,.0f", m.rate()),
            m.roundRates().stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).collect(Collectors.joining(", ")),
            ratio(m.rate(), base == null ? Double.NaN : base.rate()), millis(m.p99Millis()),
            ratio(m.p99Millis(), base == null ? Double.NaN : base.p99Millis()), micros(m.serviceMicrosPerCall()),
            micros(m.loadMicrosPerCall()), m.failed() == 0 ? "0" : String.format(Locale.ROOT, "**%,d**", m.failed())));
        if (setup != Setup.PLAINTEXT && base != null && base.rate() > 0) {
          cost.add(String.format(Locale.ROOT, "%s %s", setup.costName, change(m.rate() / base.rate())));
        }
      });
      tables.add(new Table(load.title, load.unit, rows));
      if (!cost.isEmpty()) {
        costs.add(load.costLabel + " against plaintext without auth: " + String.join(", ", cost) + ".");
      }
    });
    return new SecuritySection(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
        .format(r.started()), r.machine().cores(), r.machine().cpuModel(), Sections.load(r.machine().loadBefore()),
        Sections.load(r.loadAfter()), r.postgres().getOrDefault("server_version", "?"),
        r.postgres().getOrDefault("fsync", "?"), r.redisVersion(), Sections.commit(r.machine().git()), r.jvm(),
        Sections.busy(r.machine().loadBefore(), r.loadAfter(), r.machine().cores()), r.command(), r.duration(),
        r.warmup(), r.rounds() == 1 ? "one round" : r.rounds() + " rounds", r.order(), setups(r),
        r.results().containsKey(Load.CEILING), tables, Listed.of(costs));
  }

  /** The set-ups the run measured, each with what it is. */
  private static List<String> setups(SecurityRun r) {
    Map<Setup, Measured> any = r.results().getOrDefault(Load.DEPOSITS, Map.of());
    return any.keySet().stream().sorted().map(s -> "**" + s.title + "**: " + s.description + ";").toList();
  }

  /** 0.93 → "−7 %", 1.02 → "+2 %". */
  static String change(double ratio) {
    long percent = Math.round((ratio - 1) * 100);
    return percent == 0 ? "±0 %" : (percent > 0 ? "+" : "−") + Math.abs(percent) + " %";
  }

  private static String ratio(double value, double base) {
    return Double.isNaN(value) || Double.isNaN(base) || base == 0 ? "—" : String.format(Locale.ROOT, "%.2f",
        value / base);
  }

  private static String millis(double ms) {
    return Double.isNaN(ms) ? "—" : String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
  }

  private static String micros(double us) {
    return Double.isNaN(us) ? "—" : String.format(Locale.ROOT, "%,.0f µs", us);
  }
}
