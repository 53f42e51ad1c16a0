package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** docs/benchmarks.md from a made-up suite run: every target row, the misses said plainly, the carried blocks. */
class ReportTest {

  private static final String PREVIOUS = "# Benchmarks\n\n<!-- profile:begin -->\nflame graph here\n"
      + "<!-- profile:end -->\n\n## A long history does not slow an account down (snapshots)\n\nsnapshot table\n";

  @Test
  void the_headline_table_has_every_target_with_its_ceiling_and_ratio() {
    String md = Report.render(SuiteRuns.withGaps(), "");
    assertThat(md).contains("| Deposits/s over 10,000 accounts, 64 callers, closed loop | 6,000/s | 5,000/s (pgbench "
        + "single-event insert, 64 clients) | 1.20× | ≥ 1.5× ceiling | **no**: 1.20× |");
    assertThat(md).contains("| Deposit p99 at that load against pgbench's | 12.0 ms | 30.0 ms (pgbench p99, 64 clients)"
        + " | 0.40× | ≤ 0.5× ceiling | yes |");
    assertThat(md).contains("| GetBalance/s without token, 32 callers, closed loop | 15,000/s | 20,000/s");
    assertThat(md).contains("| 0.75× | ≥ 0.8× ceiling | **no**: 0.75× |");
    assertThat(md).contains("| Deposit p99 at 1,000/s, open loop | 7.00 ms | — | — | ≤ 5.00 ms | **no**: +2.00 ms |");
    assertThat(md).contains("GetBalance p99 at 5,000/s, open loop | not measured");
    assertThat(md).contains("Service RSS, largest of 400 samples");
  }

  @Test
  void the_cpu_each_command_costs_the_whole_system_is_its_runs_cpu_split_over_its_calls() {
    String md = Report.render(SuiteRuns.complete(), "");
    // 0.9 + 0.5 + 0.1 cores over 30 s, 60,000 calls
    assertThat(md).contains("| Server-side CPU per deposit at 2,000/s, open loop (service + PostgreSQL + Redis) | 750 µs"
        + " (service 450, PostgreSQL 250, Redis 50) | — | — | ≤ 200 µs | **no**: +550 µs |");
    // the same run with each role in its own process: the service's part role by role
    assertThat(md).contains("| Server-side CPU per deposit at 2,000/s, open loop, each role in its own process | 750 µs"
        + " (command 250, projection 150, query 50, PostgreSQL 250, Redis 50) | — | — | ≤ 200 µs | **no**: +550 µs |");
    // a role whose process was gone at either end: not measured, rather than free
    SuiteResult lost = SuiteRuns.complete();
    Measurement roles = lost.run(SuiteRun.ROLES_RUN);
    lost.runs.put(SuiteRun.ROLES_RUN, new Measurement(roles.name(), roles.title(), roles.command(), roles.rate(),
        roles.result(), new CpuSplit.Split(30, 2, roles.cpu().parts(), Map.of("command", Double.NaN)),
        roles.metrics()));
    assertThat(Report.render(lost, "")).contains("| Server-side CPU per deposit at 2,000/s, open loop, each role in its"
        + " own process | not measured |");
    assertThat(md).contains("- Server-side CPU per transfer at 2,000/s, open loop (service + PostgreSQL + Redis): 750 µs"
        + " against 350 µs, 400 µs (114 %) over.");
  }

  @Test
  void every_miss_says_by_how_much() {
    String md = Report.render(SuiteRuns.withGaps(), "");
    assertThat(md).contains("- GetBalance/s without token, 32 callers, closed loop: 15,000/s is 0.75× of the ceiling"
        + " (20,000/s), short of 0.8× by 1,000/s (7 % more needed).");
    assertThat(md).contains("- Deposit p99 at 1,000/s, open loop: 7.00 ms against 5.00 ms, 2.00 ms (40 %) over.");
    assertThat(md).contains("## Not measured").contains("redis-benchmark missing");
  }

  @Test
  void the_profile_and_snapshot_sections_are_carried_over() {
    String md = Report.render(SuiteRuns.withGaps(), PREVIOUS);
    assertThat(md).contains("<!-- profile:begin -->\nflame graph here\n<!-- profile:end -->");
    assertThat(md).contains("## A long history does not slow an account down (snapshots)\n\nsnapshot table\n")
        .endsWith("record its figures here.*\n");
    assertThat(Report.render(SuiteRuns.withGaps(), md)).isEqualTo(md);
  }

  /**
   * The example pages pin every sentence and table of the template. After a deliberate change of
   * benchmarks.md.mustache, write the new page over the example (the failure shows the difference).
   */
  @Test
  void a_run_with_gaps_reads_as_the_example_page() throws IOException {
    assertThat(Report.render(SuiteRuns.withGaps(), "")).isEqualTo(example("report-with-gaps.md"));
  }

  @Test
  void a_complete_run_reads_as_the_example_page() throws IOException {
    assertThat(Report.render(SuiteRuns.complete(), PREVIOUS)).isEqualTo(example("report-complete.md"));
  }

  @Test
  void the_console_headline_is_the_pages_targets_table() {
    String headline = Report.headline(SuiteRuns.complete());
    assertThat(headline).startsWith("## Targets\n\n| figure |").endsWith("|\n\n");
    assertThat(Report.render(SuiteRuns.complete(), "")).contains(headline + "Missed in this run");
  }

  private static String example(String name) throws IOException {
    try (InputStream in = ReportTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
