package ledger.bench.failover;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ledger.bench.suite.Machine;

/** What one FailoverBench run measured: per fault, every repetition's time from the fault to a writer applying. */
record FailoverRun(Instant started, Machine machine, String loadAfter, Map<String, String> postgres,
                   String redisVersion, String jvm, String command, int rounds, Map<Fault, List<Sample>> samples) {

  /**
   * One repetition: milliseconds from the fault to a projection writer having applied a deposit
   * made after it (NaN when none did within the limit), and whether that writer was the standby.
   */
  record Sample(double millis, boolean byStandby) {
  }
}
