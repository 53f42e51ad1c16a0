package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import ledger.load.runner.RunResult;
import ledger.load.runner.Tally;
import org.junit.jupiter.api.Test;

/** docs/benchmarks.md from a made-up suite run: every target row, the misses said plainly, the carried blocks. */
class ReportTest {

  private static final CpuSplit.Split CPU = new CpuSplit.Split(30, 2, Map.of(CpuSplit.Split.SERVICE, 0.9,
      CpuSplit.Split.POSTGRES, 0.5, CpuSplit.Split.REDIS, 0.1, CpuSplit.Split.LOAD, 0.4, CpuSplit.Split.OTHER, 0.05,
      CpuSplit.Split.IDLE, 0.05));

  /** {@code calls} OK calls over 10 s, each taking {@code millis}. */
  private static Measurement run(String name, int rate, long calls, double millis) {
    Tally tally = new Tally(0, false, 0);
    for (long i = 0; i < calls; i++) {
      tally.record("OK", null, (long) (millis * 1e6), i * 10_000_000_000L / calls);
    }
    tally.close(10_000_000_000L);
    RunResult result = tally.result(name, "ghz", new JsonObject().put("load", rate == 0 ? "closed loop, 64 workers"
        : "open loop at " + rate + " calls/s"), "from sending", List.of());
    PromScrape after = PromScrape.parse("""
        ledger_projection_lag_seconds_bucket{le="0.004"} 50
        ledger_projection_lag_seconds_bucket{le="0.008"} 99
        ledger_projection_lag_seconds_bucket{le="0.2"} 100
        ledger_projection_lag_seconds_bucket{le="+Inf"} 100
        ledger_projection_lag_seconds_count 100
        ledger_projection_lag_seconds_sum 0.5
        """);
    return new Measurement(name, name, "./ledger bench run x.json", rate, result, CPU,
        MetricsDelta.between(PromScrape.empty(), after));
  }

  private static SuiteResult suite() {
    SuiteResult r = new SuiteResult();
    r.command = "bench/bench.sh";
    r.results = Path.of("/repo/bench/target/suite-1");
    r.started = Instant.parse("2026-11-24T10:00:00Z");
    r.duration = Duration.ofSeconds(30);
    r.warmup = Duration.ofSeconds(20);
    r.machine = new Machine(2, "AMD EPYC", 24_000, "6.1", "Debian", "ext4", "openjdk 17", "abc123", "0.10 0.20 0.30 1/2 3");
    r.loadAfter = "1.00 0.50 0.40 1/2 3";
    r.postgres.putAll(Map.of("server_version", "17.6", "fsync", "on", "synchronous_commit", "on"));
    r.pgbench.add(new SuiteResult.PgRun(new PgBench.Result(64, 0, 5000, 12, 10, 30, 150_000, 0, "pgbench ..."), CPU));
    r.runs.put("ceiling-grpc-max", run("ceiling-grpc-max", 0, 200_000, 1));
    r.runs.put("deposit-max", run("deposit-max", 0, 60_000, 12));
    r.runs.put("deposit-1000", run("deposit-1000", 1000, 10_000, 7));
    r.runs.put("balance-max", run("balance-max", 0, 150_000, 2));
    r.notMeasured.put("redis-benchmark ceiling", "not measured: redis-benchmark missing");
    r.rssMaxKb = 300 * 1024;
    r.rssMaxPhase = "deposit-max";
    r.rssSamples = 400;
    r.firstStart = new ServiceProcess.Start(2500, 2900, 1, 2);
    return r;
  }

  @Test
  void the_headline_table_has_every_target_with_its_ceiling_and_ratio() {
    String md = Report.render(suite(), "");
    assertThat(md).contains("| Deposits/s over 10,000 accounts, 64 callers, closed loop | 6,000/s | 5,000/s (pgbench "
        + "single-event insert, 64 clients) | 1.20× | ≥ 1.0× ceiling | yes |");
    assertThat(md).contains("| GetBalance/s without token, 32 callers, closed loop | 15,000/s | 20,000/s");
    assertThat(md).contains("| 0.75× | ≥ 0.8× ceiling | **no**: 0.75× |");
    assertThat(md).contains("| Deposit p99 at 1,000/s, open loop | 7.00 ms | — | — | ≤ 5.00 ms | **no**: +2.00 ms |");
    assertThat(md).contains("GetBalance p99 at 5,000/s, open loop | not measured");
    assertThat(md).contains("Service RSS, largest of 400 samples");
  }

  @Test
  void every_miss_says_by_how_much() {
    String md = Report.render(suite(), "");
    assertThat(md).contains("- GetBalance/s without token, 32 callers, closed loop: 15,000/s is 0.75× of the ceiling"
        + " (20,000/s), short of 0.8× by 1,000/s (7 % more needed).");
    assertThat(md).contains("- Deposit p99 at 1,000/s, open loop: 7.00 ms against 5.00 ms, 2.00 ms (40 %) over.");
    assertThat(md).contains("## Not measured").contains("redis-benchmark missing");
  }

  @Test
  void the_profile_and_snapshot_sections_are_carried_over() {
    String previous = "# Benchmarks\n\n<!-- profile:begin -->\nflame graph here\n<!-- profile:end -->\n\n"
        + "## A long history does not slow an account down (snapshots)\n\nsnapshot table\n";
    String md = Report.render(suite(), previous);
    assertThat(md).contains("<!-- profile:begin -->\nflame graph here\n<!-- profile:end -->");
    assertThat(md).endsWith("## A long history does not slow an account down (snapshots)\n\nsnapshot table\n");
    assertThat(Report.render(suite(), md)).isEqualTo(md);
  }
}
