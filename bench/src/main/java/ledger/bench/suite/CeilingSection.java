package ledger.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The ceilings' tables: pgbench, redis-benchmark and the gRPC ceiling server; each null when not measured. */
record CeilingSection(Pg pgbench, String pgbenchMissing, Redis redis, String redisMissing, Grpc grpc,
                      String grpcMissing) {

  record Pg(String logSampling, List<PgRow> rows, List<String> commands, List<String> script) {
  }

  record PgRow(int clients, String rate, String tps, String average, String p50, String p99, long failed,
               CpuCells cpu) {
  }

  record Redis(String keys, List<RedisRow> rows, List<String> commands) {
  }

  record RedisRow(int clients, String requests, String rate, String p50, String p99, CpuCells cpu) {
  }

  record Grpc(String jvm, List<RunSection.Row> rows) {
  }

  static CeilingSection of(SuiteResult r) {
    return new CeilingSection(pg(r), r.notMeasured.getOrDefault("pgbench ceiling", "?"), redis(r),
        r.notMeasured.getOrDefault("redis-benchmark ceiling", "?"), grpc(r),
        r.notMeasured.getOrDefault("gRPC ceiling", "?"));
  }

  private static Pg pg(SuiteResult r) {
    if (r.pgbench.isEmpty()) {
      return null;
    }
    List<PgRow> rows = r.pgbench.stream().map(run -> {
      PgBench.Result p = run.result();
      return new PgRow(p.clients(), p.rate() > 0 ? Fmt.count(p.rate()) + "/s" : "as fast as it goes",
          Fmt.count(p.tps()), Fmt.ms(p.averageMs()), Fmt.ms(p.p50Ms()), Fmt.ms(p.p99Ms()), p.failed(),
          CpuCells.of(run.cpu(), CpuSplit.Split.POSTGRES));
    }).toList();
    return new Pg(Fmt.percent(PgBench.LOG_SAMPLING), rows, r.pgbench.stream().map(p -> p.result().command()).toList(),
        PgBench.SCRIPT.lines().toList());
  }

  private static Redis redis(SuiteResult r) {
    if (r.redisBench.isEmpty()) {
      return null;
    }
    List<RedisRow> rows = r.redisBench.stream().map(run -> {
      RedisBench.Result b = run.result();
      return new RedisRow(b.clients(), Fmt.count(b.requests()), Fmt.count(b.rps()), Fmt.ms(b.p50Ms()),
          Fmt.ms(b.p99Ms()), CpuCells.of(run.cpu(), CpuSplit.Split.REDIS));
    }).toList();
    return new Redis(String.format(Locale.ROOT, "%,d", RedisBench.KEYS), rows,
        r.redisBench.stream().map(b -> b.result().command()).toList());
  }

  private static Grpc grpc(SuiteResult r) {
    if (r.run("ceiling-grpc-max") == null) {
      return null;
    }
    List<RunSection.Row> rows = List.of("ceiling-grpc-max", "ceiling-grpc-" + SuiteRun.READ_RATE).stream()
        .map(r::run).filter(Objects::nonNull)
        .map(m -> RunSection.Row.of(m, CpuCells.of(m.cpu(), CpuSplit.Split.CEILING), null)).toList();
    return new Grpc(r.ceilingJvm, rows);
  }
}
