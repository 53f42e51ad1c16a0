package ledger.bench.failover;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ledger.bench.Sections;
import ledger.bench.suite.Machine;
import ledger.v1.PartitionStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long is the read model without a writer when the active projection writer fails? Starts an
 * embedded PostgreSQL and Redis, a command process and two projection processes of this jar
 * ({@link FailoverCluster}), then, round after round, faults the active writer ({@link Fault}:
 * kill -9, its lock session terminated, its lock connection or all its connections blackholed) and times from the fault to
 * a writer having applied a deposit made right after it: the status's checkpoint at or past the
 * deposit's position, written by a lock session other than the faulted one. Prints the section of
 * docs/benchmarks.md, and writes it there with {@code --docs}.
 */
@Command(name = "FailoverBench", mixinStandardHelpOptions = true,
    description = "Times the projection writer's failover (kill -9, closed lock connection, blackholed connections) "
        + "and writes docs/benchmarks.md's section \"Failover of the projection writer\".")
public final class FailoverBench implements Callable<Integer> {

  /** How long a steady state (one writer caught up, both processes answering) may take to come back. */
  static final Duration STEADY_LIMIT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 20;

  @Option(names = "--rounds", defaultValue = "5", description = "Repetitions of each fault (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--docs", description = "Write the section into this file (e.g. docs/benchmarks.md), in place of "
      + "the one it has; without it the section is only printed.")
  Path docs;

  @Option(names = "--out", description = "Folder for the processes' logs (default: bench/target/failover-<time>).")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FailoverBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path results = out != null ? out : Path.of("bench/target/failover-" + Instant.now().toString()
        .replaceAll("[-:]", "").replaceAll("\\..*", "").replace('T', '-'));
    Files.createDirectories(results);
    Path data = Files.createTempDirectory("ledger-failover-bench");
    Instant started = Instant.now();
    Machine machine = Machine.describe(Path.of("."), data);
    Map<Fault, List<FailoverRun.Sample>> samples = new LinkedHashMap<>();
    Map<String, String> postgres;
    String redisVersion;
    try (FailoverCluster cluster = new FailoverCluster(data, results)) {
      // Ctrl-C: the processes and the embedded servers would outlive this JVM
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "failover-bench-stop"));
      cluster.start();
      postgres = cluster.postgresSettings();
      redisVersion = cluster.redisVersion();
      for (int round = 1; round <= rounds; round++) {
        for (Fault fault : Fault.values()) {
          FailoverRun.Sample sample = once(cluster, fault);
          samples.computeIfAbsent(fault, f -> new ArrayList<>()).add(sample);
          System.out.printf(Locale.ROOT, "round %d, %s: %s%n", round, fault.title, Double.isNaN(sample.millis())
              ? "no writer applied within " + fault.limit().toSeconds() + " s"
              : String.format(Locale.ROOT, "%,.0f ms (%s)", sample.millis(), sample.byStandby() ? "the standby"
                  : "the same process, on a new session"));
        }
      }
    } finally {
      deleteTree(data);
    }
    FailoverRun run = new FailoverRun(started, machine, Machine.loadAverage(), postgres, redisVersion,
        System.getenv().getOrDefault("JAVA_OPTS", LedgerChild.DEFAULT_JVM), command(), rounds, samples);
    String section = FailoverSection.render(run);
    Files.writeString(results.resolve("failover.md"), section);
    System.out.println();
    System.out.print(section);
    if (docs != null) {
      Sections.write(docs, FailoverSection.HEADING, section);
      System.out.println("\nWrote the section into " + docs);
    }
    System.out.println("Logs: " + results);
    return 0;
  }

  /** One fault of the active writer, timed; then the cluster is put back to two live projection processes. */
  static FailoverRun.Sample once(FailoverCluster cluster, Fault fault) {
    Steady before = steady(cluster);
    LedgerChild active = before.writer();
    LedgerChild standby = cluster.other(active);
    int session = before.session();
    long faulted = System.nanoTime();
    switch (fault) {
      case KILL -> active.kill();
      case TERMINATE -> cluster.terminate(session);
      case BLACKHOLE_LOCK -> {
        if (cluster.relayOf(active).blackholeConnectionsThatSent(Fault.LOCK_STATEMENT) == 0) {
          throw new IllegalStateException("no lock connection of " + active.name() + " to blackhole");
        }
      }
      case BLACKHOLE_ALL -> cluster.relayOf(active).blackhole();
    }
    long position = cluster.deposit();
    double millis = Double.NaN;
    LedgerChild writer = null;
    long deadline = faulted + fault.limit().toNanos();
    while (System.nanoTime() - deadline < 0) {
      // asked of the standby: the faulted process may be dead or cut off
      PartitionStatus status = cluster.status(standby);
      if (status != null && status.hasActiveWriter() && status.getActiveWriter().getPid() != session
          && status.getCheckpointPosition() >= position) {
        millis = (System.nanoTime() - faulted) / 1e6;
        writer = cluster.writerOf(status);
        break;
      }
      LedgerChild.sleep(POLL_MILLIS);
    }
    if (fault == Fault.KILL || fault == Fault.BLACKHOLE_ALL) {
      // a killed process comes back as the standby; so does one cut off (its silent sockets never close)
      active.kill();
      active.start();
    }
    return new FailoverRun.Sample(millis, writer == standby);
  }

  /** The writer process and its lock session's backend pid. */
  private record Steady(LedgerChild writer, int session) {
  }

  /**
   * Waits until one of the projection processes holds the lock and has applied everything, and
   * both answer; returns the writer.
   */
  private static Steady steady(FailoverCluster cluster) {
    long position = cluster.deposit();
    long deadline = System.nanoTime() + STEADY_LIMIT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      PartitionStatus a = cluster.status(cluster.projections.get(0));
      PartitionStatus b = cluster.status(cluster.projections.get(1));
      LedgerChild writer = cluster.writerOf(a);
      if (writer != null && b != null && writer == cluster.writerOf(b) && a.getCheckpointPosition() >= position) {
        return new Steady(writer, a.getActiveWriter().getPid());
      }
      LedgerChild.sleep(100);
    }
    throw new IllegalStateException("no projection writer applied position " + position + " within "
        + STEADY_LIMIT.toSeconds() + " s with both processes answering");
  }

  private String command() {
    return "java -cp bench/target/ledger-bench.jar ledger.bench.failover.FailoverBench --rounds " + rounds
        + " --docs docs/benchmarks.md";
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
