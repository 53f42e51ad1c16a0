package ledger.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ledger.load.runner.RunResult;

/** Everything one suite run found, filled in as it goes, for the report. */
final class SuiteResult {

  /** A pgbench run and the CPU split while it ran. */
  record PgRun(PgBench.Result result, CpuSplit.Split cpu) {
  }

  /** A redis-benchmark run and the CPU split while it ran. */
  record RedisRun(RedisBench.Result result, CpuSplit.Split cpu) {
  }

  String command;
  Path results;
  Instant started;
  Instant finished;
  Duration duration;
  Duration warmup;
  Machine machine;
  String loadAfter = "";
  String serviceJvm = "";
  String ceilingJvm = "";
  String loadJvm = "";
  final Map<String, String> postgres = new LinkedHashMap<>();
  final Map<String, String> redis = new LinkedHashMap<>();
  String pgbenchVersion = "";
  String redisBenchmarkVersion = "";
  ServiceProcess.Start firstStart;
  ServiceProcess.Start restart;
  final List<PgRun> pgbench = new ArrayList<>();
  final List<RedisRun> redisBench = new ArrayList<>();
  /** What could not be measured, and why: step → reason. */
  final Map<String, String> notMeasured = new LinkedHashMap<>();
  /** Measured runs by name. */
  final Map<String, Measurement> runs = new LinkedHashMap<>();
  /** Warm-up runs by name, for the check of how long warming up takes. */
  final Map<String, RunResult> warmUps = new LinkedHashMap<>();
  double setupSeconds = Double.NaN;
  String setupSummary = "";
  long rssMaxKb;
  String rssMaxPhase = "";
  long rssSamples;
  final Map<String, Long> rssByPhase = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();

  Measurement run(String name) {
    return runs.get(name);
  }

  /** The pgbench run at that many clients, or null. */
  PgRun pgbench(int clients) {
    return pgbench.stream().filter(r -> r.result().clients() == clients && r.result().rate() == 0).findFirst()
        .orElse(null);
  }

  /** The pgbench run throttled to that rate, or null. */
  PgRun pgbenchAtRate(int rate) {
    return pgbench.stream().filter(r -> r.result().rate() == rate).findFirst().orElse(null);
  }

  RedisRun redisGet(int clients) {
    return redisBench.stream().filter(r -> r.result().clients() == clients).findFirst().orElse(null);
  }
}
