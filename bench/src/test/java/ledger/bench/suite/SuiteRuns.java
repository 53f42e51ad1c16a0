package ledger.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import ledger.load.runner.RunResult;
import ledger.load.runner.Tally;

/** Made-up suite runs for the report's tests: one with gaps (tools missing, runs not measured), one complete. */
final class SuiteRuns {

  static final CpuSplit.Split CPU = new CpuSplit.Split(30, 2, Map.of(CpuSplit.Split.SERVICE, 0.9,
      CpuSplit.Split.POSTGRES, 0.5, CpuSplit.Split.REDIS, 0.1, CpuSplit.Split.LOAD, 0.4, CpuSplit.Split.OTHER, 0.05,
      CpuSplit.Split.IDLE, 0.05));

  /** The same, with each role in its own process: command 0.5, projection 0.3, query 0.1 make the service's 0.9. */
  static final CpuSplit.Split ROLES_CPU = new CpuSplit.Split(30, 2, CPU.parts(), roles());

  private static Map<String, Double> roles() {
    Map<String, Double> roles = new LinkedHashMap<>();
    roles.put("command", 0.5);
    roles.put("projection", 0.3);
    roles.put("query", 0.1);
    return roles;
  }

  static final String METRICS = """
      ledger_projection_lag_seconds_bucket{le="0.004"} 50
      ledger_projection_lag_seconds_bucket{le="0.008"} 99
      ledger_projection_lag_seconds_bucket{le="0.2"} 100
      ledger_projection_lag_seconds_bucket{le="+Inf"} 100
      ledger_projection_lag_seconds_count 100
      ledger_projection_lag_seconds_sum 0.5
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="0.01"} 90
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="0.02"} 100
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="+Inf"} 100
      ledger_append_batch_commands_bucket{le="8"} 10
      ledger_append_batch_commands_bucket{le="16"} 20
      ledger_append_batch_commands_bucket{le="+Inf"} 20
      ledger_append_batch_commands_count 20
      ledger_append_batch_commands_sum 290
      ledger_append_batch_wait_seconds_bucket{le="0.004"} 19
      ledger_append_batch_wait_seconds_bucket{le="0.008"} 20
      ledger_append_batch_wait_seconds_bucket{le="+Inf"} 20
      ledger_command_conflicts_total 3
      """;

  private SuiteRuns() {
  }

  /** {@code calls} OK calls over 10 s, each taking {@code millis}. */
  static Measurement run(String name, int rate, long calls, double millis) {
    return run(name, rate, tally(calls, millis), METRICS);
  }

  static Tally tally(long calls, double millis) {
    Tally tally = new Tally(0, false, 0);
    for (long i = 0; i < calls; i++) {
      tally.record("OK", null, (long) (millis * 1e6), i * 10_000_000_000L / calls);
    }
    return tally;
  }

  static Measurement run(String name, int rate, Tally tally, String metrics) {
    tally.close(10_000_000_000L);
    RunResult result = tally.result(name, "ghz", new JsonObject().put("load", rate == 0 ? "closed loop, 64 workers"
        : "open loop at " + rate + " calls/s"), "from sending", List.of());
    return new Measurement(name, name, "./ledger bench run x.json", rate, result, CPU,
        MetricsDelta.between(PromScrape.empty(), PromScrape.parse(metrics)));
  }

  /** A run with a ceiling missing (redis-benchmark), several runs not measured, no restart. */
  static SuiteResult withGaps() {
    SuiteResult r = new SuiteResult();
    r.command = "bench/bench.sh";
    r.results = Path.of("/repo/bench/target/suite-1");
    r.started = Instant.parse("2026-11-24T10:00:00Z");
    r.duration = Duration.ofSeconds(30);
    r.warmup = Duration.ofSeconds(20);
    r.machine = new Machine(2, "AMD EPYC", 24_000, "6.1", "Debian", "ext4", "openjdk 17", "abc123", "0.10 0.20 0.30 1/2 3");
    r.loadAfter = "1.00 0.50 0.40 1/2 3";
    r.postgres.put("server_version", "17.6");
    r.postgres.put("fsync", "on");
    r.postgres.put("synchronous_commit", "on");
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

  /** Every step measured: each section of the report has something to say. */
  static SuiteResult complete() {
    SuiteResult r = withGaps();
    r.notMeasured.clear();
    r.notes.add("PostgreSQL was NOT durable during this run (fsync=off, synchronous_commit=on): every figure is "
        + "optimistic.");
    r.postgres.put("version()", "PostgreSQL 17.6 on x86_64");
    r.redis.putAll(Map.of("redis_version", "6.2.11", "redis_mode", "standalone", "multiplexing_api", "epoll"));
    r.pgbenchVersion = "pgbench (PostgreSQL) 15.18";
    r.redisBenchmarkVersion = "redis-benchmark 7.0.15";
    r.serviceJvm = "-Xmx384m";
    r.ceilingJvm = "-Xmx384m";
    r.loadJvm = "-Xmx1g";
    r.pgbench.add(new SuiteResult.PgRun(new PgBench.Result(16, 0, 6700, 2.38, 1.99, 8.22, 201_000, 0, "pgbench -c 16"),
        CPU));
    r.pgbench.add(new SuiteResult.PgRun(new PgBench.Result(64, 1000, 1006, 6.16, 1.63, 176, 30_180, 2,
        "pgbench -R 1000"), CPU));
    r.redisBench.add(new SuiteResult.RedisRun(new RedisBench.Result(50, 1_000_000, 46_531, 0.527, 1.27,
        "redis-benchmark -c 50"), CPU));
    r.redisBench.add(new SuiteResult.RedisRun(new RedisBench.Result(32, 1_000_000, 49_930, 0.319, 0.719,
        "redis-benchmark -c 32"), CPU));
    r.runs.put("ceiling-grpc-5000", run("ceiling-grpc-5000", 5000, 50_000, 0.8));
    r.runs.put("balance-5000", run("balance-5000", 5000, 50_000, 1.5));
    r.runs.put("deposit-2000", run("deposit-2000", 2000, 60_000, 6));
    r.runs.put("transfer-2000", run("transfer-2000", 2000, 60_000, 8));
    Measurement roles = run(SuiteRun.ROLES_RUN, 2000, 60_000, 6);
    r.runs.put(SuiteRun.ROLES_RUN, new Measurement(roles.name(), roles.title(), roles.command(), roles.rate(),
        roles.result(), ROLES_CPU, roles.metrics()));
    Tally pairs = tally(10_000, 9);
    pairs.declare("Deposit", "stale reads (version older than the deposit's)");
    for (int i = 0; i < 100; i++) {
      pairs.recordExtra("Deposit", 5_000_000L + i * 10_000L);
    }
    pairs.record("DEADLINE_EXCEEDED", "the view of acc-1 did not reach version 2", 0, 9_000_000_000L);
    r.runs.put("pairs-1000", run("pairs-1000", 1000, pairs, METRICS));
    Tally lag = tally(15_000, 4);
    lag.add("stream updates received", 15_000);
    r.runs.put("stream-lag-500", run("stream-lag-500", 500, lag, METRICS));
    r.warmUps.put("deposit-max", r.run("deposit-max").result());
    r.warmUps.put("ceiling-grpc-max", r.run("ceiling-grpc-max").result());
    r.setupSummary = "10,000 opened, 10,000 funded, 0 failed in 21.7 s";
    r.rssByPhase.putAll(Map.of("start", 140L * 1024));
    r.rssByPhase.put("deposit-max | warm", 300L * 1024);
    r.restart = new ServiceProcess.Start(2271, 2716, 1, 2);
    return r;
  }
}
