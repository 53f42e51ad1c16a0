package ledger.bench.failover;

import java.time.Duration;

/** The faults of the active projection writer that FailoverBench times, each with its target from issue 8. */
enum Fault {

  KILL("kill -9 of the writer process", "`kill -9` of the active writer's process", Duration.ofSeconds(3)),
  TERMINATE("its lock connection closed", "`pg_terminate_backend` of the writer's lock session (PostgreSQL closes "
      + "it; the process lives on)", Duration.ofSeconds(3)),
  BLACKHOLE("its connections blackholed", "every PostgreSQL connection of the writer blackholed (its relay stops "
      + "forwarding without closing: no FIN, no RST)", Duration.ofSeconds(15));

  final String title;
  final String description;
  final Duration target;

  Fault(String title, String description, Duration target) {
    this.title = title;
    this.description = description;
    this.target = target;
  }
}
