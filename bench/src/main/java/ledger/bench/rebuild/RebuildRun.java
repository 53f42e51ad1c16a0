package ledger.bench.rebuild;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ledger.bench.suite.Machine;

/**
 * What one RebuildBench run measured: the rebuild, and beside it the ceilings of the same
 * machine in the same run (pgbench's batched insert, redis-benchmark's pipelined HSET).
 *
 * @param missing ceilings that could not be measured, and why (tool → reason)
 */
record RebuildRun(Instant started, Machine machine, String loadAfter, Map<String, String> postgres, String redisVersion,
                  String command, long events, int accounts, double fillSeconds, double tailSeconds,
                  double replayPerSecond, double wallSeconds, long oldKeysRemoved, int batchSize, int rowsPerInsert,
                  List<Ceiling> ceilings, Map<String, String> missing) {

  /**
   * One ceiling run: {@code rate} rows (pgbench) or commands (redis-benchmark) per second.
   *
   * @param tool    "pgbench" or "redis-benchmark"
   * @param what    the work in words ("durable INSERT of 100 events-shaped rows per statement")
   * @param unit    "rows/s" or "HSET/s"
   */
  record Ceiling(String tool, String what, int clients, double rate, String unit, double p99Ms, String command) {
  }
}
