package ledger.bench.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage ceilings, against the service's own embedded servers while it idles: pgbench's
 * durable single-event insert at the deposit run's concurrency (and 16 for reference), and
 * redis-benchmark GET at 50 clients and at the read run's concurrency. A tool that is not
 * installed leaves its ceiling "not measured", naming the tool.
 */
final class Ceilings {

  static final int[] PGBENCH_CLIENTS = {SuiteRun.DEPOSIT_CALLERS, 16};
  static final int[] REDIS_CLIENTS = {50, SuiteRun.READ_CALLERS};

  private final Path repo;
  private final Path dir;
  private final Lab lab;
  private final Backends backends;
  private final ServiceProcess service;
  private final PrintStream log;
  private final Duration duration;

  Ceilings(Path repo, Path results, Lab lab, Backends backends, ServiceProcess service, PrintStream log,
           Duration duration) {
    this.repo = repo;
    this.dir = results.resolve("ceilings");
    this.lab = lab;
    this.backends = backends;
    this.service = service;
    this.log = log;
    this.duration = duration;
  }

  void run(SuiteResult result) {
    Optional<Path> pgbench = Tools.find("pgbench");
    if (pgbench.isEmpty()) {
      result.notMeasured.put("pgbench ceiling", "not measured: pgbench missing (Debian: apt-get install "
          + "postgresql-client)");
    } else {
      try {
        postgres(result, pgbench.get());
      } catch (RuntimeException e) {
        result.notMeasured.put("pgbench ceiling", e.getMessage());
      }
    }
    Optional<Path> redisBenchmark = Tools.find("redis-benchmark");
    if (redisBenchmark.isEmpty()) {
      result.notMeasured.put("redis-benchmark ceiling", "not measured: redis-benchmark missing (Debian: apt-get "
          + "install redis-tools)");
    } else {
      try {
        redis(result, redisBenchmark.get());
      } catch (RuntimeException e) {
        result.notMeasured.put("redis-benchmark ceiling", e.getMessage());
      }
    }
  }

  private void postgres(SuiteResult result, Path executable) {
    result.pgbenchVersion = Tools.firstLine(List.of(executable.toString(), "--version"), Map.of());
    if (!"on".equals(result.postgres.get("fsync")) || !"on".equals(result.postgres.get("synchronous_commit"))) {
      result.notes.add("PostgreSQL was NOT durable during this run (fsync=" + result.postgres.get("fsync")
          + ", synchronous_commit=" + result.postgres.get("synchronous_commit") + "): every figure is optimistic.");
    }
    backends.execute("SET client_min_messages = warning;\n" + PgBench.ddl(repo));
    PgBench bench = new PgBench(executable, service.startup().postgresPort(), dir);
    int seconds = (int) Math.max(1, duration.toSeconds());
    log.printf("%n== pgbench: warm-up, 5 s at %d clients%n", PGBENCH_CLIENTS[0]);
    lab.around("pgbench (warm-up)", () -> bench.run("pgbench-warm-up", PGBENCH_CLIENTS[0], 5, false), (r, cpu) -> {
    });
    for (int clients : PGBENCH_CLIENTS) {
      log.printf("%n== pgbench: %d clients, %d s%n", clients, seconds);
      lab.around("pgbench " + clients, () -> bench.run("pgbench-c" + clients, clients, seconds, true),
          (r, cpu) -> recordPgbench(result, r, cpu));
    }
    // The same transaction at the rate the latency targets are set at, as many clients as the open loop
    // may have in flight: what one durable commit's latency is on this machine at that rate.
    int rate = SuiteRun.COMMAND_RATE;
    log.printf("%n== pgbench: %d transactions/s (-R), %d clients, %d s%n", rate, SuiteRun.OPEN_LOOP_IN_FLIGHT, seconds);
    lab.around("pgbench at " + rate + "/s", () -> bench.run("pgbench-r" + rate, SuiteRun.OPEN_LOOP_IN_FLIGHT, rate,
        seconds, true), (r, cpu) -> recordPgbench(result, r, cpu));
    // the table would otherwise be vacuumed and checkpointed while the service is measured
    backends.execute("SET client_min_messages = warning; DROP SCHEMA bench CASCADE; CHECKPOINT;");
  }

  private void recordPgbench(SuiteResult result, PgBench.Result r, CpuSplit.Split cpu) {
    result.pgbench.add(new SuiteResult.PgRun(r, cpu));
    log.printf("   %,.0f tps, average %.2f ms, p50 %.2f ms, p99 %.2f ms, %d failed%n   CPU: %s%n", r.tps(),
        r.averageMs(), r.p50Ms(), r.p99Ms(), r.failed(), Lab.cpu(cpu));
  }

  private void redis(SuiteResult result, Path executable) {
    result.redisBenchmarkVersion = Tools.firstLine(List.of(executable.toString(), "--version"), Map.of());
    RedisBench bench = new RedisBench(executable, service.startup().redisPort(), dir);
    log.printf("%n== redis-benchmark: filling %,d keys, then a probe%n", RedisBench.KEYS);
    bench.run("redis-set", "set", 50, 100_000);
    RedisBench.Result probe = bench.run("redis-get-probe", "get", 50, 100_000);
    // enough requests for about the measured duration at the rate the probe saw
    long requests = Math.max(100_000, Math.min(20_000_000, (long) (probe.rps() * duration.toSeconds())));
    for (int clients : REDIS_CLIENTS) {
      log.printf("%n== redis-benchmark GET: %d clients, %,d requests%n", clients, requests);
      lab.around("redis-benchmark " + clients, () -> bench.run("redis-get-c" + clients, "get", clients, requests),
          (r, cpu) -> {
            result.redisBench.add(new SuiteResult.RedisRun(r, cpu));
            log.printf("   %,.0f GET/s, p50 %.3f ms, p99 %.3f ms%n   CPU: %s%n", r.rps(), r.p50Ms(), r.p99Ms(),
                Lab.cpu(cpu));
          });
    }
  }
}
