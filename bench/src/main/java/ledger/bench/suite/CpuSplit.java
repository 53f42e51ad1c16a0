package ledger.bench.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where the machine's CPU went during a run, from /proc snapshots at its start and end: the
 * service JVM, PostgreSQL (postmaster and its backends), Redis, a further named process
 * (the ceiling server), the load generator (this JVM and the tools it ran and reaped:
 * pgbench, redis-benchmark), everything else on the machine, and idle. In cores: 1.0 is
 * one core busy for the whole run.
 */
final class CpuSplit {

  /**
   * The processes to tell apart; 0 for one that is not running. {@code roles}: the ledger's
   * roles, each in its own process (name → pid), counted together as the service and each on
   * its own in {@link Split#roles()}.
   */
  record Pids(long service, long postmaster, long redis, long ceiling, Map<String, Long> roles) {

    Pids(long service, long postmaster, long redis, long ceiling) {
      this(service, postmaster, redis, ceiling, Map.of());
    }
  }

  record Snapshot(long nanos, long[] machine, Map<Long, Proc.Stat> processes) {

    static Snapshot take() {
      return new Snapshot(System.nanoTime(), Proc.machineTicks(),
          Proc.all().stream().collect(Collectors.toMap(Proc.Stat::pid, Function.identity(), (a, b) -> a)));
    }
  }

  /**
   * Cores used by each part over {@code seconds}; {@code cores} is what the machine had.
   * {@code roles}: the service's part, role by role, when each role ran in its own process.
   */
  record Split(double seconds, double cores, Map<String, Double> parts, Map<String, Double> roles) {

    Split(double seconds, double cores, Map<String, Double> parts) {
      this(seconds, cores, parts, Map.of());
    }

    static final String SERVICE = "ledger service (JVM)";
    static final String POSTGRES = "PostgreSQL";
    static final String REDIS = "Redis";
    static final String CEILING = "ceiling server (JVM)";
    static final String LOAD = "load generator";
    static final String OTHER = "everything else on the machine";
    static final String IDLE = "idle";

    double busy() {
      return cores - parts.getOrDefault(IDLE, 0.0);
    }
  }

  private CpuSplit() {
  }

  static Split between(Snapshot start, Snapshot end, Pids pids) {
    double seconds = Math.max(1e-9, (end.nanos() - start.nanos()) / 1e9);
    double perCore = Proc.TICKS_PER_SECOND * seconds;
    long self = ProcessHandle.current().pid();
    Map<String, Double> roles = new LinkedHashMap<>();
    long service = own(start, end, pids.service());
    for (Map.Entry<String, Long> role : pids.roles().entrySet()) {
      long ticks = own(start, end, role.getValue());
      // a role that was not running at both ends is not measured, rather than measured as free
      boolean ran = start.processes().containsKey(role.getValue()) && end.processes().containsKey(role.getValue());
      roles.put(role.getKey(), ran ? ticks / perCore : Double.NaN);
      service += ticks;
    }
    long postgres = pids.postmaster() == 0 ? 0 : family(start, end, pids.postmaster());
    long redis = pids.redis() == 0 ? 0 : family(start, end, pids.redis());
    long ceiling = own(start, end, pids.ceiling());
    long load = own(start, end, self) + reaped(start, end, self);
    long busy = end.machine()[0] - start.machine()[0];
    long total = end.machine()[1] - start.machine()[1];
    long other = Math.max(0, busy - service - postgres - redis - ceiling - load);
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put(Split.SERVICE, service / perCore);
    parts.put(Split.POSTGRES, postgres / perCore);
    parts.put(Split.REDIS, redis / perCore);
    if (pids.ceiling() != 0) {
      parts.put(Split.CEILING, ceiling / perCore);
    }
    parts.put(Split.LOAD, load / perCore);
    parts.put(Split.OTHER, other / perCore);
    parts.put(Split.IDLE, (total - busy) / perCore);
    return new Split(seconds, total / perCore, parts, roles);
  }

  /** A process's own CPU over the window; 0 if it is not there at both ends. */
  private static long own(Snapshot start, Snapshot end, long pid) {
    Proc.Stat a = start.processes().get(pid);
    Proc.Stat b = end.processes().get(pid);
    return a == null || b == null ? 0 : Math.max(0, b.ticks().self() - a.ticks().self());
  }

  private static long reaped(Snapshot start, Snapshot end, long pid) {
    Proc.Stat a = start.processes().get(pid);
    Proc.Stat b = end.processes().get(pid);
    return a == null || b == null ? 0 : Math.max(0, b.ticks().reapedChildren() - a.ticks().reapedChildren());
  }

  /**
   * A parent and its children: the parent's own time, the time of children that ended meanwhile
   * (reaped into the parent), and each living child's time within the window (all of it if it
   * started within the window).
   */
  static long family(Snapshot start, Snapshot end, long parent) {
    long sum = own(start, end, parent) + reaped(start, end, parent);
    List<Proc.Stat> children = end.processes().values().stream().filter(s -> s.parent() == parent).toList();
    for (Proc.Stat child : children) {
      Proc.Stat before = start.processes().get(child.pid());
      sum += Math.max(0, child.ticks().self() - (before == null ? 0 : before.ticks().self()));
    }
    return sum;
  }
}
