package ledger.bench.suite;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * docs/benchmarks.md as the suite writes it. Two blocks of the file as it was are carried
 * over verbatim: the profiling write-up ({@link Carried#PROFILE}) and the snapshot benchmark,
 * which another tool measures ({@link Carried#SNAPSHOTS}).
 */
final class Report {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final SuiteResult r;
  private final StringBuilder md = new StringBuilder();

  private Report(SuiteResult r) {
    this.r = r;
  }

  static String render(SuiteResult r, String previous) {
    Report report = new Report(r);
    report.write(previous);
    return report.md.toString();
  }

  /** The headline table alone, for the console. */
  static String headline(SuiteResult r) {
    Report report = new Report(r);
    report.targets();
    return report.md.toString();
  }

  private void write(String previous) {
    line("# Benchmarks");
    line();
    line("<!-- Written by the benchmark suite (bench/bench.sh). Run it again rather than edit the figures; text "
        + "inside the marked blocks below is carried over from one run to the next. -->");
    line();
    intro();
    targets();
    misses();
    reproduce();
    machine();
    new ReportSections(r, md).ceilings();
    new ReportSections(r, md).runs();
    new ReportSections(r, md).lag();
    new ReportSections(r, md).memoryAndStart();
    new ReportSections(r, md).timeGoes(Carried.PROFILE.from(previous));
    new ReportSections(r, md).warmUp();
    notMeasured();
    line("## History and other benchmarks");
    line();
    line("Earlier rough runs (the closed-loop `QuickBench` figures of 2026-11-23, before this suite) are in the git "
        + "history of this file. The next section is not measured by this suite: `ledger.bench.snapshot.SnapshotBench` measures "
        + "it, and the suite carries it over unchanged.");
    line();
    md.append(Carried.SNAPSHOTS.from(previous));
  }

  private void intro() {
    String pg = r.postgres.getOrDefault("server_version", "?");
    String redis = r.redis.getOrDefault("redis_version", "?");
    line("Measured " + (r.started == null ? "" : "on " + DAY.format(r.started) + " ") + "by `" + r.command
        + "`, in one go on one machine (" + r.machine.cores() + " cores) that runs everything at once: `./ledger "
        + "serve` with its embedded PostgreSQL " + pg + " and Redis " + redis + ", the load generator, and the tools "
        + "that measure the ceilings. Commits are durable: `fsync=" + r.postgres.getOrDefault("fsync", "?")
        + "`, `synchronous_commit=" + r.postgres.getOrDefault("synchronous_commit", "?") + "`.");
    line();
    line("Each measured run lasts " + seconds(r.duration) + " and follows a warm-up run of the same load ("
        + seconds(r.warmup) + " before closed loops, " + seconds(r.warmup.dividedBy(2)) + " before open loops, "
        + seconds(r.warmup.multipliedBy(2)) + " before the first run of all, when the load generator is as cold as "
        + "the server) whose figures are left out. Closed loops measure each call from its send; open loops (a fixed rate) "
        + "from its scheduled start, so a stall counts against every call it delays (coordinated omission "
        + "corrected). Every figure is a percentile of the whole measured run.");
    line();
    r.notes.forEach(n -> {
      line("**" + n + "**");
      line();
    });
  }

  private void targets() {
    line("## Targets");
    line();
    line("| figure | value | ceiling | ratio | target | met? |");
    line("|---|---|---|---|---|---|");
    for (Targets.Row row : Targets.of(r)) {
      line("| " + String.join(" | ", List.of(row.figure(), row.value(), row.ceiling(), row.ratio(), row.target(),
          row.met()).stream().map(Fmt::cell).toList()) + " |");
    }
    line();
  }

  private void misses() {
    List<String> missed = Targets.of(r).stream()
        .map(row -> row.missed() != null ? row.missed() : row.met().startsWith("**no**") ? row.figure() + ": "
            + row.met().replace("**no**: ", "") + "." : null)
        .filter(s -> s != null).toList();
    if (missed.isEmpty()) {
      line("Every target was met in this run.");
      line();
      return;
    }
    line("Missed in this run, and by how much (\"Where the time goes\" below has the CPU split of each run):");
    line();
    missed.forEach(m -> line("- " + m));
    line();
  }

  private void reproduce() {
    line("## Reproduce");
    line();
    line("```sh");
    line("bench/bench.sh            # or: ./ledger bench --suite");
    line("```");
    line();
    line("It builds the jars if a source changed, installs `pgbench` and `redis-benchmark` where it can (as root with "
        + "apt-get) or reports their ceilings as not measured, starts `./ledger serve` on free ports with a fresh "
        + "data folder, runs every step below, stops everything it started, and writes this file. `--duration` and "
        + "`--warmup` change the run lengths; `bench/bench.sh --help` lists the rest. The results folder of "
        + "this run (`" + relative(r.results) + "`, not committed) holds each run's JSON and HTML report, the "
        + "service's log, the /metrics scrapes before and after each run, and the tools' output.");
    line();
    line("Each run on its own, against `./ledger serve` after `./ledger bench setup --accounts 10000`:");
    line();
    line("```sh");
    r.runs.values().forEach(m -> line(m.command()));
    line("```");
    line();
  }

  private void machine() {
    line("## Machine and versions");
    line();
    Machine m = r.machine;
    line("| | |");
    line("|---|---|");
    row("CPU", m.cores() + " × " + m.cpuModel());
    row("memory", String.format(Locale.ROOT, "%,d MB", m.memoryMb()));
    row("kernel, OS", m.kernel() + ", " + m.os());
    row("data folder on", m.dataFileSystem());
    row("load average (1, 5, 15 min) before / after", loadAverage(m.loadBefore()) + " / "
        + loadAverage(r.loadAfter));
    row("Java", m.java());
    row("PostgreSQL", r.postgres.getOrDefault("version()", "?"));
    row("PostgreSQL settings", String.join(", ", r.postgres.entrySet().stream()
        .filter(e -> !e.getKey().equals("version()") && !e.getKey().equals("server_version"))
        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    row("Redis", r.redis.isEmpty() ? "?" : r.redis.getOrDefault("redis_version", "?") + " (" + r.redis.getOrDefault(
        "redis_mode", "") + ", " + r.redis.getOrDefault("multiplexing_api", "") + ")");
    row("pgbench", r.pgbenchVersion.isEmpty() ? "not installed" : r.pgbenchVersion);
    row("redis-benchmark", r.redisBenchmarkVersion.isEmpty() ? "not installed" : r.redisBenchmarkVersion);
    row("ledger", m.git());
    row("service JVM options", "`" + r.serviceJvm + "`");
    row("load generator", "this suite's JVM (`" + r.loadJvm + "`), the runner of `./ledger bench`");
    line();
  }

  private void notMeasured() {
    if (r.notMeasured.isEmpty()) {
      return;
    }
    line("## Not measured");
    line();
    r.notMeasured.forEach((step, reason) -> line("- " + step + ": " + reason));
    line();
  }

  /** The three load averages of a /proc/loadavg line. */
  static String loadAverage(String loadavg) {
    String[] f = loadavg.trim().split("\\s+");
    return f.length < 3 ? loadavg : f[0] + " " + f[1] + " " + f[2];
  }

  private void row(String key, String value) {
    line("| " + Fmt.cell(key) + " | " + Fmt.cell(value) + " |");
  }

  private String relative(java.nio.file.Path results) {
    String s = results == null ? "" : results.toString();
    int i = s.lastIndexOf("/bench/target/");
    return i >= 0 ? s.substring(i + 1) : s;
  }

  static String seconds(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  private void line() {
    md.append('\n');
  }
}
