package ledger.bench.security;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * One load under one set-up, summed over the rounds: OK calls over the measured seconds, one
 * latency histogram of every OK call, and the CPU the service process and the load generator
 * (this JVM) used meanwhile. Rounds add up rather than average, so a p99 is that of every call.
 */
final class Measured {

  private long ok;
  private long failed;
  private double seconds;
  private long serviceCpuNanos;
  private long loadCpuNanos;
  private final Histogram latency = new Histogram(3_600_000_000_000L, 3);
  private final List<Double> roundRates = new ArrayList<>();

  /**
   * One round: its OK and failed calls, its length, its latencies (ns) and the CPU of both ends (ns,
   * -1 when it could not be read).
   */
  void add(long okCalls, long failedCalls, double runSeconds, Histogram okLatency, long serviceCpu, long loadCpu) {
    ok += okCalls;
    failed += failedCalls;
    seconds += runSeconds;
    latency.add(okLatency);
    // a reading that failed (-1) leaves the sum unknown for good
    serviceCpuNanos = serviceCpuNanos < 0 || serviceCpu < 0 ? -1 : serviceCpuNanos + serviceCpu;
    loadCpuNanos = loadCpuNanos < 0 || loadCpu < 0 ? -1 : loadCpuNanos + loadCpu;
    roundRates.add(runSeconds <= 0 ? 0 : okCalls / runSeconds);
  }

  long ok() {
    return ok;
  }

  long failed() {
    return failed;
  }

  /** OK calls per second over every round. */
  double rate() {
    return seconds <= 0 ? 0 : ok / seconds;
  }

  List<Double> roundRates() {
    return List.copyOf(roundRates);
  }

  double p99Millis() {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6;
  }

  /** CPU of the service process per OK call, in microseconds; NaN when it could not be read. */
  double serviceMicrosPerCall() {
    return ok == 0 || serviceCpuNanos < 0 ? Double.NaN : serviceCpuNanos / 1e3 / ok;
  }

  /** CPU of the load generator per OK call, in microseconds. */
  double loadMicrosPerCall() {
    return ok == 0 || loadCpuNanos < 0 ? Double.NaN : loadCpuNanos / 1e3 / ok;
  }
}
