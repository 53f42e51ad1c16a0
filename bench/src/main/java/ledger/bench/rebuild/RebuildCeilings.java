package ledger.bench.rebuild;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ledger.bench.suite.Backends;
import ledger.bench.suite.PgBench;
import ledger.bench.suite.RedisBench;
import ledger.bench.suite.Tools;

/**
 * The raw ceilings beside a rebuild, against the same embedded PostgreSQL and Redis right after
 * it: pgbench writing events-shaped rows in batches ({@code rows} per durable INSERT, the shape
 * and table of the suite's single-insert ceiling), and redis-benchmark HSET on keys spread over
 * as many accounts as the rebuild's, pipelined as deep as a rebuild batch holds accounts (the
 * rebuild sends one script call per account of a batch in one pipeline). Each at one client
 * (the rebuild is one stream of batches) and at several. A missing tool is reported, not fatal.
 */
final class RebuildCeilings {

  static final int[] PGBENCH_CLIENTS = {1, 8};
  static final int[] REDIS_CLIENTS = {1, 50};

  private final Backends backends;
  private final int postgresPort;
  private final int redisPort;
  private final Path dir;
  private final int seconds;

  RebuildCeilings(Backends backends, int postgresPort, int redisPort, Path dir, int seconds) {
    this.backends = backends;
    this.postgresPort = postgresPort;
    this.redisPort = redisPort;
    this.dir = dir;
    this.seconds = seconds;
  }

  /** Measures each ceiling it can; what it cannot goes into {@code missing}, with the reason. */
  List<RebuildRun.Ceiling> run(int rows, int accounts, int pipeline, Map<String, String> missing) {
    List<RebuildRun.Ceiling> out = new java.util.ArrayList<>();
    Optional<Path> pgbench = Tools.find("pgbench");
    if (pgbench.isEmpty()) {
      missing.put("pgbench", "not measured: pgbench missing (Debian: apt-get install postgresql-client)");
    } else {
      try {
        out.addAll(postgres(pgbench.get(), rows));
      } catch (RuntimeException e) {
        System.out.println("pgbench: not measured: " + e);
        missing.put("pgbench", e.getMessage());
      }
    }
    Optional<Path> redisBenchmark = Tools.find("redis-benchmark");
    if (redisBenchmark.isEmpty()) {
      missing.put("redis-benchmark", "not measured: redis-benchmark missing (Debian: apt-get install redis-tools)");
    } else {
      try {
        out.addAll(redis(redisBenchmark.get(), accounts, pipeline));
      } catch (RuntimeException e) {
        System.out.println("redis-benchmark: not measured: " + e);
        missing.put("redis-benchmark", e.getMessage());
      }
    }
    return out;
  }

  private List<RebuildRun.Ceiling> postgres(Path executable, int rows) {
    backends.execute("SET client_min_messages = warning;\n" + PgBench.ddl());
    PgBench bench = new PgBench(executable, postgresPort, dir, "pgbench-batch.sql", PgBench.batchedScript(rows));
    System.out.printf("pgbench: warm-up, 3 s%n");
    bench.run("pgbench-batch-warm-up", PGBENCH_CLIENTS[0], 0, 3, false);
    List<RebuildRun.Ceiling> out = new java.util.ArrayList<>();
    for (int clients : PGBENCH_CLIENTS) {
      System.out.printf("pgbench: %d rows per INSERT, %d client(s), %d s%n", rows, clients, seconds);
      PgBench.Result r = bench.run("pgbench-batch-c" + clients, clients, 0, seconds, true);
      out.add(new RebuildRun.Ceiling("pgbench", "durable INSERT of " + rows + " events-shaped rows per transaction",
          clients, r.tps() * rows, "rows/s", r.p99Ms(), r.command()));
    }
    backends.execute("SET client_min_messages = warning; DROP SCHEMA bench CASCADE;");
    return out;
  }

  private List<RebuildRun.Ceiling> redis(Path executable, int accounts, int pipeline) {
    RedisBench bench = new RedisBench(executable, redisPort, dir);
    List<String> hset = hset();
    // a probe sizes the runs to last about as long as pgbench's
    RedisBench.Result probe = bench.run("redis-hset-probe", 1, 200_000, pipeline, accounts, hset, "HSET");
    long requests = Math.max(200_000, Math.min(50_000_000, (long) (probe.rps() * seconds)));
    List<RebuildRun.Ceiling> out = new java.util.ArrayList<>();
    for (int clients : REDIS_CLIENTS) {
      System.out.printf("redis-benchmark: HSET -P %d over %,d keys, %d client(s), %,d requests%n", pipeline, accounts,
          clients, requests);
      RedisBench.Result r = bench.run("redis-hset-c" + clients, clients, requests, pipeline, accounts, hset, "HSET");
      out.add(new RebuildRun.Ceiling("redis-benchmark", "HSET of three view fields, " + pipeline
          + " commands per round trip (-P), " + String.format(java.util.Locale.ROOT, "%,d", accounts) + " keys",
          clients, r.rps(), "HSET/s", r.p99Ms(), r.command()));
    }
    return out;
  }

  /** An account view's hash, as the projection writes it: balance, version, position (values made up). */
  static List<String> hset() {
    return List.of("HSET", "bench:ceiling:acc-__rand_int__", "balance", "1234", "version", "__rand_int__", "gpos",
        "__rand_int__");
  }
}
