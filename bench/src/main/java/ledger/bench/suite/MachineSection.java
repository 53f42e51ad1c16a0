package ledger.bench.suite;

import java.util.Locale;

/** The machine-and-versions table's values, each safe inside a table cell. */
record MachineSection(String cpu, String memory, String kernelAndOs, String dataFolder, String loadBefore,
                      String loadAfter, String java, String postgres, String postgresSettings, String redis,
                      String pgbench, String redisBenchmark, String ledger, String serviceJvm, String loadJvm) {

  static MachineSection of(SuiteResult r) {
    Machine m = r.machine;
    String settings = String.join(", ", r.postgres.entrySet().stream()
        .filter(e -> !e.getKey().equals("version()") && !e.getKey().equals("server_version"))
        .map(e -> e.getKey() + "=" + e.getValue()).toList());
    String redis = r.redis.isEmpty() ? "?" : r.redis.getOrDefault("redis_version", "?") + " ("
        + r.redis.getOrDefault("redis_mode", "") + ", " + r.redis.getOrDefault("multiplexing_api", "") + ")";
    return new MachineSection(Fmt.cell(m.cores() + " × " + m.cpuModel()),
        Fmt.cell(String.format(Locale.ROOT, "%,d MB", m.memoryMb())), Fmt.cell(m.kernel() + ", " + m.os()),
        Fmt.cell(m.dataFileSystem()), Fmt.cell(loadAverage(m.loadBefore())), Fmt.cell(loadAverage(r.loadAfter)),
        Fmt.cell(m.java()), Fmt.cell(r.postgres.getOrDefault("version()", "?")), Fmt.cell(settings), Fmt.cell(redis),
        Fmt.cell(r.pgbenchVersion.isEmpty() ? "not installed" : r.pgbenchVersion),
        Fmt.cell(r.redisBenchmarkVersion.isEmpty() ? "not installed" : r.redisBenchmarkVersion), Fmt.cell(m.git()),
        Fmt.cell(r.serviceJvm), Fmt.cell(r.loadJvm));
  }

  /** The three load averages of a /proc/loadavg line. */
  static String loadAverage(String loadavg) {
    String[] f = loadavg.trim().split("\\s+");
    return f.length < 3 ? loadavg : f[0] + " " + f[1] + " " + f[2];
  }
}
