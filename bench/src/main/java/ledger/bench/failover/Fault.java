package ledger.bench.failover;

import java.time.Duration;

/** The faults of the active projection writer that FailoverBench times, each with its target from issue 8. */
enum Fault {

  KILL("kill -9 of the writer process", "`kill -9` of the active writer's process", Duration.ofSeconds(3)),
  TERMINATE("its lock connection closed", "`pg_terminate_backend` of the writer's lock session (PostgreSQL closes "
      + "it; the process lives on)", Duration.ofSeconds(3)),
  BLACKHOLE_LOCK("its lock connection blackholed", "the writer's lock connection blackholed (its relay stops "
      + "forwarding it without closing it: no FIN, no RST; the process's other connections work, and new ones "
      + "flow, as over a new route)", Duration.ofSeconds(15)),
  BLACKHOLE_ALL("all its connections blackholed", "every PostgreSQL connection of the writer blackholed at once "
      + "(new ones flow): a dropped route that a NAT or firewall forgot", Duration.ofSeconds(15));

  /** What the relay sees a lock session send: the writer's try of the lock. */
  static final String LOCK_STATEMENT = "pg_try_advisory_lock";

  final String title;
  final String description;
  final Duration target;

  Fault(String title, String description, Duration target) {
    this.title = title;
    this.description = description;
    this.target = target;
  }

  /** How long a repetition may take before it counts as not done: twice the target, at least 10 s. */
  Duration limit() {
    Duration twice = target.multipliedBy(2);
    return twice.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : twice;
  }
}
