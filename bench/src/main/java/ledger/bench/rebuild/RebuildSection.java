package ledger.bench.rebuild;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ledger.bench.Sections;
import ledger.bench.suite.Fmt;
import ledger.bench.suite.Listed;
import ledger.bench.suite.PgBench;

/**
 * docs/benchmarks.md's section "Rebuilding every view" of one {@link RebuildRun}: the template
 * {@code rebuild.md.mustache} (beside this class) filled with its figures, formatted.
 */
record RebuildSection(String accounts, String perAccount, String batchSize, String started, int cores, String cpu,
                      String loadBefore, String loadAfter, String postgresVersion, String fsync,
                      String synchronousCommit, String redisVersion, String ledger, String busy, String command,
                      List<Row> rows, String target, String met, String wall, String oldKeys, String fill,
                      String tail, Listed<String> ceilingCommands, Listed<String> script, Listed<String> missing) {

  static final String HEADING = Sections.REBUILD_HEADING;
  static final double TARGET = 100_000;

  /** One line of the table: a rate, and the rebuild's replay rate divided by it (none on the rebuild's own line). */
  record Row(String figure, String rate, String ratio) {
  }

  static String render(RebuildRun run) {
    return Sections.render(RebuildSection.class, "rebuild.md", of(run));
  }

  static RebuildSection of(RebuildRun r) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(String.format(Locale.ROOT, "the rebuild: %,d events over %,d accounts replayed", r.events(),
        r.accounts()), events(r.replayPerSecond()), Fmt.NONE));
    for (RebuildRun.Ceiling c : r.ceilings()) {
      rows.add(new Row(c.tool() + ": " + c.what() + ", " + c.clients() + (c.clients() == 1 ? " client" : " clients")
          + " (p99 " + Fmt.ms(c.p99Ms()) + ")", String.format(Locale.ROOT, "%,.0f %s", c.rate(), c.unit()),
          Fmt.ratio(r.replayPerSecond() / c.rate())));
    }
    double rate = r.replayPerSecond();
    String met = rate >= TARGET ? "met" : String.format(Locale.ROOT, "**missed** by %,.0f events/s (%s more needed)",
        TARGET - rate, Fmt.percent((TARGET - rate) / rate));
    List<String> missing = r.missing().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    boolean pgbench = r.ceilings().stream().anyMatch(c -> c.tool().equals("pgbench"));
    return new RebuildSection(count(r.accounts()), count(r.events() / Math.max(1, r.accounts())), count(r.batchSize()),
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(r.started()),
        r.machine().cores(), r.machine().cpuModel(), Sections.load(r.machine().loadBefore()), Sections.load(r.loadAfter()),
        r.postgres().getOrDefault("server_version", "?"), r.postgres().getOrDefault("fsync", "?"),
        r.postgres().getOrDefault("synchronous_commit", "?"), r.redisVersion(), Sections.commit(r.machine().git()),
        Sections.busy(r.machine().loadBefore(), r.loadAfter(), r.machine().cores()), r.command(), rows,
        String.format(Locale.ROOT, "%,.0f", TARGET), met, Fmt.seconds(r.wallSeconds()), count(r.oldKeysRemoved()),
        Fmt.seconds(r.fillSeconds()), Fmt.seconds(r.tailSeconds()),
        Listed.of(r.ceilings().stream().map(RebuildRun.Ceiling::command).toList()),
        Listed.of(pgbench ? PgBench.batchedScript(r.rowsPerInsert()).lines().toList() : List.of()),
        Listed.of(missing));
  }

  private static String events(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f events/s", perSecond);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
