package ledger.bench.security;

import java.time.Duration;

/** A process's CPU time so far (user and system), as the JDK reads it from the OS; -1 when it cannot. */
final class Cpu {

  private Cpu() {
  }

  static long nanos(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
  }

  static long ownNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /** {@code after - before}, or -1 when either is unknown. */
  static long between(long before, long after) {
    return before < 0 || after < 0 ? -1 : Math.max(0, after - before);
  }
}
