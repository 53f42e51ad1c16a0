package ledger.bench.suite;

import ledger.load.runner.LatencySummary;
import ledger.load.runner.RunResult;

/**
 * One measured run: what the load generator saw, where the CPU went meanwhile, what the
 * service's meters recorded, and the command that repeats it on its own.
 *
 * @param rate the calls (or pairs) per second asked for; 0 for a closed loop at the maximum rate
 */
record Measurement(String name, String title, String command, int rate, RunResult result, CpuSplit.Split cpu,
                   MetricsDelta metrics) {

  LatencySummary latency() {
    return result.summary();
  }

  /** OK calls per second over the run. */
  double okRate() {
    return result.totalSeconds() <= 0 ? 0 : result.ok() / result.totalSeconds();
  }

  /** The run's load in words, from its settings ("closed loop, 64 workers", "open loop at 1000 calls/s ..."). */
  String load() {
    String load = result.settings().getString("load");
    return load == null ? "" : load;
  }

  long errors() {
    return result.count() - result.ok();
  }
}
