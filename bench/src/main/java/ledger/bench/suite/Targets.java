package ledger.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets against what the suite measured: one row each (figure, value, ceiling,
 * ratio, target, met?), and for every miss a sentence saying by how much. A figure that
 * could not be measured says so, and so does a run that failed calls or did not hold its rate.
 */
final class Targets {

  /** One row of the headline table; {@code missed} is null when the target was met or has no target. */
  record Row(String figure, String value, String ceiling, String ratio, String target, String met, String missed) {

    /** The row as the table shows it: each cell safe inside a Markdown table. */
    Row inCells() {
      return new Row(Fmt.cell(figure), Fmt.cell(value), Fmt.cell(ceiling), Fmt.cell(ratio), Fmt.cell(target),
          Fmt.cell(met), missed);
    }
  }

  static final double RATE_HELD = 0.97;

  private final SuiteResult r;
  private final List<Row> rows = new ArrayList<>();

  private Targets(SuiteResult r) {
    this.r = r;
  }

  static List<Row> of(SuiteResult r) {
    Targets t = new Targets(r);
    t.build();
    return t.rows;
  }

  /** A sentence for every row that missed its target (or failed calls): what was missed, and by how much. */
  static List<String> missed(List<Row> rows) {
    return rows.stream()
        .map(row -> row.missed() != null ? row.missed() : row.met().startsWith("**no**") ? row.figure() + ": "
            + row.met().replace("**no**: ", "") + "." : null)
        .filter(s -> s != null).toList();
  }

  private void build() {
    Measurement depositMax = r.run("deposit-max");
    Measurement deposit1k = r.run("deposit-" + SuiteRun.COMMAND_RATE);
    Measurement balanceMax = r.run("balance-max");
    Measurement balance5k = r.run("balance-" + SuiteRun.READ_RATE);
    Measurement pairs = r.run("pairs-" + SuiteRun.PAIR_RATE);
    Measurement ceilingMax = r.run("ceiling-grpc-max");
    Measurement ceiling5k = r.run("ceiling-grpc-" + SuiteRun.READ_RATE);
    SuiteResult.PgRun pg = r.pgbench(SuiteRun.DEPOSIT_CALLERS);
    SuiteResult.RedisRun redis = r.redisGet(SuiteRun.READ_CALLERS);

    rateRow("Deposits/s over 10,000 accounts, 64 callers, closed loop", depositMax,
        pg == null ? Double.NaN : pg.result().tps(), "pgbench single-event insert, 64 clients", 1.5);
    latencyRow("Deposit p99 at that load", depositMax, pg == null ? Double.NaN : pg.result().p99Ms(),
        "pgbench p99, 64 clients", 15);
    latencyRatioRow("Deposit p99 at that load against pgbench's", depositMax,
        pg == null ? Double.NaN : pg.result().p99Ms(), "pgbench p99, 64 clients", 0.5);
    cpuRow("Server-side CPU per deposit at 2,000/s, open loop (service + PostgreSQL + Redis)",
        r.run("deposit-" + SuiteRun.CPU_RATE), 200);
    cpuRow("Server-side CPU per transfer at 2,000/s, open loop (service + PostgreSQL + Redis)",
        r.run("transfer-" + SuiteRun.CPU_RATE), 350);
    cpuRow("Server-side CPU per deposit at 2,000/s, open loop, each role in its own process",
        r.run(SuiteRun.ROLES_RUN), 200);
    SuiteResult.PgRun pgAtRate = r.pgbenchAtRate(SuiteRun.COMMAND_RATE);
    latencyRow("Deposit p99 at 1,000/s, open loop", deposit1k, pgAtRate == null ? Double.NaN
        : pgAtRate.result().p99Ms(), "pgbench p99 at 1,000 single-insert transactions/s", 5);
    rateRow("GetBalance/s without token, 32 callers, closed loop", balanceMax,
        ceilingMax == null ? Double.NaN : ceilingMax.okRate(), "same runner against the constant-reply gRPC server",
        0.8);
    latencyRow("GetBalance p99 at that load", balanceMax, ceilingMax == null ? Double.NaN : ceilingMax.latency().p99(),
        "constant-reply server p99, same load", 5);
    latencyRow("GetBalance p99 at 5,000/s, open loop", balance5k,
        ceiling5k == null ? Double.NaN : ceiling5k.latency().p99(), "constant-reply server p99 at 5,000/s", 2);
    latencyRow("Deposit + GetBalance with its token: pair p99 at 1,000 pairs/s, open loop", pairs,
        pgAtRate == null ? Double.NaN : pgAtRate.result().p99Ms(), "pgbench p99 at 1,000 transactions/s", 10);
    lagRow("Projection lag commit → view, p99 at 1,000 commands/s", deposit1k, 10);
    lagRow("Projection lag commit → view, p99 at the maximum command rate", depositMax, 100);
    memoryRow();
    readyRow("`./ledger serve` ready, restart on the run's data", r.restart, "restart");
    readyRow("`./ledger serve` ready, first start on a fresh data folder (includes initdb)", r.firstStart, null);
    if (balanceMax != null && redis != null) {
      rows.add(new Row("For reference: GetBalance/s against redis-benchmark GET/s, 32 clients",
          Fmt.rate(balanceMax.okRate()), Fmt.rate(redis.result().rps()) + " (redis-benchmark GET, 32 clients)",
          Fmt.ratio(balanceMax.okRate() / redis.result().rps()), Fmt.NONE, Fmt.NONE, null));
    }
    Measurement lag = r.run("stream-lag-" + SuiteRun.STREAM_RATE);
    if (lag != null) {
      rows.add(new Row("For reference: deposit → StreamBalance message p99 at 500/s", Fmt.ms(lag.latency().p99()),
          Fmt.NONE, Fmt.NONE, Fmt.NONE, Fmt.NONE, null));
    }
  }

  private void rateRow(String figure, Measurement m, double ceiling, String ceilingIs, double minRatio) {
    String target = "≥ " + String.format(Locale.ROOT, "%.1f", minRatio) + "× ceiling";
    if (m == null) {
      rows.add(notMeasured(figure, target));
      return;
    }
    double rate = m.okRate();
    double ratio = rate / ceiling;
    String value = Fmt.rate(rate) + errors(m);
    if (Double.isNaN(ceiling)) {
      rows.add(new Row(figure, value, "not measured", Fmt.NONE, target, "unknown: no ceiling", null));
      return;
    }
    String missed = null;
    String met = "yes";
    if (ratio < minRatio) {
      double needed = minRatio * ceiling;
      met = "**no**: " + Fmt.ratio(ratio);
      missed = String.format(Locale.ROOT, "%s: %s is %s of the ceiling (%s), short of %s× by %s (%s more needed).",
          figure, Fmt.rate(rate), Fmt.ratio(ratio), Fmt.rate(ceiling), String.format(Locale.ROOT, "%.1f", minRatio),
          Fmt.rate(needed - rate), Fmt.percent((needed - rate) / rate));
    }
    rows.add(new Row(figure, value, Fmt.rate(ceiling) + " (" + ceilingIs + ")", Fmt.ratio(ratio), target,
        failed(m, met), missed));
  }

  private void latencyRow(String figure, Measurement m, double ceiling, String ceilingIs, double limitMs) {
    String target = "≤ " + Fmt.ms(limitMs);
    if (m == null) {
      rows.add(notMeasured(figure, target));
      return;
    }
    double p99 = m.latency().p99();
    String value = Fmt.ms(p99) + held(m) + errors(m);
    String met = p99 <= limitMs ? "yes" : "**no**: +" + Fmt.ms(p99 - limitMs);
    String missed = p99 <= limitMs ? null : String.format(Locale.ROOT, "%s: %s against %s, %s (%s) over.", figure,
        Fmt.ms(p99), Fmt.ms(limitMs), Fmt.ms(p99 - limitMs), Fmt.percent((p99 - limitMs) / limitMs));
    if (!rateHeld(m)) {
      met = "**no**: rate not held";
      missed = String.format(Locale.ROOT, "%s: asked for %s, the run reached only %s.", figure, Fmt.rate(m.rate()),
          Fmt.rate(m.okRate()));
    }
    rows.add(new Row(figure, value, ceilingIs == null || Double.isNaN(ceiling) ? Fmt.NONE
        : Fmt.ms(ceiling) + " (" + ceilingIs + ")", ceilingIs == null ? Fmt.NONE : Fmt.ratio(p99 / ceiling), target,
        failed(m, met), missed));
  }

  /** p99 against the ceiling's p99: met when the ratio is at most {@code maxRatio}. */
  private void latencyRatioRow(String figure, Measurement m, double ceiling, String ceilingIs, double maxRatio) {
    String target = "≤ " + String.format(Locale.ROOT, "%.1f", maxRatio) + "× ceiling";
    if (m == null) {
      rows.add(notMeasured(figure, target));
      return;
    }
    double p99 = m.latency().p99();
    String value = Fmt.ms(p99) + errors(m);
    if (Double.isNaN(ceiling)) {
      rows.add(new Row(figure, value, "not measured", Fmt.NONE, target, "unknown: no ceiling", null));
      return;
    }
    double ratio = p99 / ceiling;
    boolean ok = ratio <= maxRatio;
    String missed = ok ? null : String.format(Locale.ROOT, "%s: %s is %s of the ceiling's %s, above %s× by %s.",
        figure, Fmt.ms(p99), Fmt.ratio(ratio), Fmt.ms(ceiling), String.format(Locale.ROOT, "%.1f", maxRatio),
        Fmt.ms(p99 - maxRatio * ceiling));
    rows.add(new Row(figure, value, Fmt.ms(ceiling) + " (" + ceilingIs + ")", Fmt.ratio(ratio), target,
        failed(m, ok ? "yes" : "**no**: " + Fmt.ratio(ratio)), missed));
  }

  /**
   * The CPU one call cost the service JVM, PostgreSQL and Redis together over a run at a fixed rate
   * (from the run's CPU split), in µs, with each part's share.
   */
  private void cpuRow(String figure, Measurement m, double limitMicros) {
    String target = "≤ " + Fmt.count(Math.round(limitMicros)) + " µs";
    if (m == null || m.cpu() == null || m.result().ok() == 0
        || m.cpu().roles().values().stream().anyMatch(cores -> cores.isNaN())) {
      rows.add(notMeasured(figure, target));
      return;
    }
    double service = micros(m, CpuSplit.Split.SERVICE);
    double postgres = micros(m, CpuSplit.Split.POSTGRES);
    double redis = micros(m, CpuSplit.Split.REDIS);
    double total = service + postgres + redis;
    StringBuilder ledger = new StringBuilder();
    // each role in its own process: the service's part role by role
    m.cpu().roles().forEach((role, cores) -> ledger.append(String.format(Locale.ROOT, "%s %,.0f, ", role,
        micros(m, cores))));
    if (ledger.isEmpty()) {
      ledger.append(String.format(Locale.ROOT, "service %,.0f, ", service));
    }
    String value = String.format(Locale.ROOT, "%,.0f µs (%sPostgreSQL %,.0f, Redis %,.0f)", total, ledger, postgres,
        redis) + held(m) + errors(m);
    boolean ok = total <= limitMicros;
    String missed = ok ? null : String.format(Locale.ROOT, "%s: %,.0f µs against %,.0f µs, %,.0f µs (%s) over.",
        figure, total, limitMicros, total - limitMicros, Fmt.percent((total - limitMicros) / limitMicros));
    rows.add(new Row(figure, value, Fmt.NONE, Fmt.NONE, target,
        failed(m, ok ? "yes" : String.format(Locale.ROOT, "**no**: +%,.0f µs", total - limitMicros)), missed));
  }

  /** A part's CPU over the run, in µs per OK call. */
  private static double micros(Measurement m, String part) {
    return micros(m, m.cpu().parts().getOrDefault(part, 0.0));
  }

  /** {@code cores} over the run, in µs per OK call. */
  private static double micros(Measurement m, double cores) {
    return cores * m.cpu().seconds() * 1e6 / m.result().ok();
  }

  private void lagRow(String figure, Measurement m, double limitMs) {
    String target = "≤ " + Fmt.ms(limitMs);
    if (m == null || m.metrics().projectionLag().total() <= 0) {
      rows.add(notMeasured(figure, target));
      return;
    }
    PromHistogram lag = m.metrics().projectionLag();
    double p99 = lag.quantile(0.99) * 1000;
    String value = Fmt.ms(p99) + " (bucket ≤ " + Fmt.ms(lag.quantileBucketBound(0.99) * 1000) + ")" + held(m);
    String met = p99 <= limitMs ? "yes" : "**no**: +" + Fmt.ms(p99 - limitMs);
    String missed = p99 <= limitMs ? null : String.format(Locale.ROOT, "%s: %s against %s, %s (%s) over.", figure,
        Fmt.ms(p99), Fmt.ms(limitMs), Fmt.ms(p99 - limitMs), Fmt.percent((p99 - limitMs) / limitMs));
    rows.add(new Row(figure, value, Fmt.NONE, Fmt.NONE, target, met, missed));
  }

  private void memoryRow() {
    String figure = "Service RSS, largest of " + r.rssSamples + " samples (1 a second) over the whole suite";
    if (r.rssSamples == 0) {
      rows.add(notMeasured(figure, "≤ 512 MB"));
      return;
    }
    long limitKb = 512L * 1024;
    boolean ok = r.rssMaxKb <= limitKb;
    rows.add(new Row(figure, Fmt.mb(r.rssMaxKb) + " (during " + r.rssMaxPhase + ")", Fmt.NONE, Fmt.NONE, "≤ 512 MB",
        ok ? "yes" : "**no**: +" + Fmt.mb(r.rssMaxKb - limitKb), ok ? null : figure + ": " + Fmt.mb(r.rssMaxKb)
        + " against 512 MB, " + Fmt.mb(r.rssMaxKb - limitKb) + " over."));
  }

  private void readyRow(String figure, ServiceProcess.Start start, String step) {
    if (start == null) {
      rows.add(notMeasured(figure, "≤ 3 s"));
      return;
    }
    boolean ok = start.wallMillis() <= 3_000;
    rows.add(new Row(figure, String.format(Locale.ROOT, "%,d ms from launch (%,d ms by its log)", start.wallMillis(),
        start.loggedMillis()), Fmt.NONE, Fmt.NONE, "≤ 3 s", ok ? "yes" : "**no**: +" + Fmt.ms(start.wallMillis() - 3_000),
        ok ? null : figure + ": " + String.format(Locale.ROOT, "%,d ms against 3,000 ms, %,d ms over.",
            start.wallMillis(), start.wallMillis() - 3_000)));
  }

  private Row notMeasured(String figure, String target) {
    return new Row(figure, "not measured", Fmt.NONE, Fmt.NONE, target, "unknown", figure
        + ": not measured (see \"Not measured\" below).");
  }

  private static boolean rateHeld(Measurement m) {
    return m.rate() == 0 || m.okRate() >= RATE_HELD * m.rate();
  }

  private static String held(Measurement m) {
    return rateHeld(m) || m.rate() == 0 ? "" : " (at " + Fmt.rate(m.okRate()) + ", not " + Fmt.rate(m.rate()) + ")";
  }

  private static String errors(Measurement m) {
    return m.errors() == 0 ? "" : ", " + Fmt.count(m.errors()) + " calls failed";
  }

  private static String failed(Measurement m, String met) {
    return m.errors() == 0 || !met.equals("yes") ? met : "**no**: calls failed";
  }
}
