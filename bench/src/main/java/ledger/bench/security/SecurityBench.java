package ledger.bench.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import ledger.app.server.EmbeddedBackends;
import ledger.bench.Sections;
import ledger.bench.failover.LedgerChild;
import ledger.bench.suite.Backends;
import ledger.bench.suite.CeilingProcess;
import ledger.bench.suite.Machine;
import ledger.load.cli.Durations;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.GoDuration;
import ledger.load.config.Overrides;
import ledger.load.report.ReportWriter;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import ledger.load.scenario.AccountSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What do TLS and JWT verification cost the ledger's write and read rates? Starts an embedded
 * PostgreSQL and Redis, a projection process, and one {@code ledger serve --roles command,query}
 * process per {@link Setup} (plaintext, TLS, JWT, both: the same build, side by side), with the
 * certificates, keys and token it makes into its results folder ({@link BenchCredentials}); opens
 * 10,000 accounts; warms each set-up up; then plays the suite's deposit and GetBalance loads against
 * each set-up in turn, for some rounds, the order reversed every other round. Prints the section of
 * docs/benchmarks.md, and writes it there with {@code --docs}.
 */
@Command(name = "SecurityBench", mixinStandardHelpOptions = true,
    description = "Measures deposits/s and GetBalance/s, p99 and CPU per call over plaintext, TLS, JWT and TLS+JWT "
        + "set-ups of the same build in one run, and writes docs/benchmarks.md's section \"The cost of TLS and JWT "
        + "verification\".")
public final class SecurityBench implements Callable<Integer> {

  static final int ACCOUNTS = 10_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Option(names = {"-z", "--duration"}, converter = Durations.class, defaultValue = "20s", paramLabel = "DURATION",
      description = "Length of each measured run (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", converter = Durations.class, defaultValue = "10s", paramLabel = "DURATION",
      description = "Warm-up of each load on each set-up, once before the first round (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--rounds", defaultValue = "2", description = "Rounds over the four set-ups; every other one in "
      + "reverse order (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--setups", split = ",", defaultValue = "plain,tls,jwt,tls-jwt", paramLabel = "SET-UP",
      description = "The set-ups to run, of plain, tls, jwt, tls-jwt, plain among them (default: all four). The "
          + "ratios are to plain.")
  List<String> setupNames;

  @Option(names = "--ceiling", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also play GetBalance against the ceiling server in plaintext and over TLS: TLS's cost to the gRPC "
          + "stack alone (default: on; --no-ceiling leaves it out).")
  boolean ceiling;

  @Option(names = "--repo", defaultValue = ".", description = "The ledger checkout, for the suite's ghz files "
      + "(default: the current folder).")
  Path repo;

  @Option(names = "--docs", description = "Write the section into this file (e.g. docs/benchmarks.md), in place of "
      + "the one it has; without it the section is only printed.")
  Path docs;

  @Option(names = "--out", description = "Results folder (default: bench/target/security-<time>).")
  Path out;

  /** Where one load under one set-up is played: the ghz file (naming the host) and the process serving it. */
  private record Target(Path file, long pid, Path log) {
  }

  private Path results;
  private BenchCredentials credentials;
  private final Map<Load, Map<Setup, Target>> targets = new EnumMap<>(Load.class);
  private List<Setup> setups;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SecurityBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (rounds < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--rounds must be at least 1");
    }
    try {
      setups = Setup.parse(setupNames);
      if (!setups.contains(Setup.PLAINTEXT)) {
        throw new IllegalArgumentException("plain is needed: the accounts are opened through it, and the ratios are "
            + "to it");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--setups: " + e.getMessage());
    }
    results = (out != null ? out : Path.of("bench/target/security-" + Instant.now().toString()
        .replaceAll("[-:]", "").replaceAll("\\..*", "").replace('T', '-'))).toAbsolutePath();
    Files.createDirectories(results);
    Path data = Files.createTempDirectory("ledger-security-bench");
    Instant started = Instant.now();
    Machine machine = Machine.describe(repo, data);
    credentials = BenchCredentials.create(results.resolve("credentials"), Duration.ofHours(12));
    EmbeddedBackends embedded = new EmbeddedBackends();
    List<AutoCloseable> children = new ArrayList<>();
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        children.forEach(SecurityBench::closeQuietly);
        embedded.close();
      }
    };
    // Ctrl-C: the processes and the embedded servers would outlive this JVM
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "security-bench-stop"));
    Map<Load, Map<Setup, Measured>> measured = new EnumMap<>(Load.class);
    Map<String, String> postgres;
    String redisVersion;
    try (AutoCloseable stopping = stop::run) {
      embedded.prepareRedis(data);
      String redisUrl = embedded.startRedis();
      String pgUrl = embedded.startPostgres(data);
      try (Backends backends = new Backends(URI.create(pgUrl).getPort(), URI.create(redisUrl).getPort())) {
        postgres = backends.postgres();
        redisVersion = backends.redis().getOrDefault("redis_version", "?");
      }
      LedgerChild projection = new LedgerChild("projection", "projection", results, pgUrl, redisUrl, List.of());
      children.add(projection);
      projection.start();
      for (Setup setup : setups) {
        LedgerChild service = new LedgerChild("service-" + setup.slug, "command,query", results, pgUrl, redisUrl,
            setup.serveFlags(credentials));
        children.add(service);
        service.start();
        System.out.printf("%s: %s on 127.0.0.1:%d%n", setup.title, service.name(), service.grpcPort());
        for (Load load : Load.values()) {
          if (!load.ceiling) {
            target(load, setup, "127.0.0.1:" + service.grpcPort(), service.pid(), service.log());
          }
        }
        if (ceiling && Load.CEILING.under(setup)) {
          Path log = results.resolve("ceiling-" + setup.slug + ".log");
          CeilingProcess server = CeilingProcess.start(freePort(), log,
              setup.ceilingFlags(credentials));
          children.add(server);
          target(Load.CEILING, setup, server.target(), server.pid(), log);
        }
      }
      openAccounts(targets.get(Load.DEPOSITS).get(Setup.PLAINTEXT).file());
      for (Setup setup : setups) {
        for (Load load : Load.values()) {
          if (targets.getOrDefault(load, Map.of()).containsKey(setup)) {
            warmUp(setup, load);
          }
        }
      }
      for (int round = 1; round <= rounds; round++) {
        for (Setup setup : order(setups, round)) {
          for (Load load : Load.values()) {
            if (targets.getOrDefault(load, Map.of()).containsKey(setup)) {
              measure(round, setup, load, measured.computeIfAbsent(load, l -> new EnumMap<>(Setup.class))
                  .computeIfAbsent(setup, s -> new Measured()));
            }
          }
        }
      }
    } finally {
      deleteTree(data);
    }
    SecurityRun run = new SecurityRun(started, machine, Machine.loadAverage(), postgres, redisVersion,
        System.getenv().getOrDefault("JAVA_OPTS", LedgerChild.DEFAULT_JVM), command(), GoDuration.format(duration),
        GoDuration.format(warmup), rounds, orderText(), measured);
    String section = SecuritySection.render(run);
    Files.writeString(results.resolve("security.md"), section);
    System.out.println();
    System.out.print(section);
    if (docs != null) {
      Sections.write(docs, SecuritySection.HEADING, section);
      System.out.println("\nWrote the section into " + docs);
    }
    System.out.println("Results: " + results);
    return 0;
  }

  /** The set-ups in a round's order: as given in odd rounds, reversed in even ones. */
  static List<Setup> order(List<Setup> setups, int round) {
    List<Setup> order = new ArrayList<>(setups);
    if (round % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }

  private String orderText() {
    String first = order(setups, 1).stream().map(s -> s.slug).collect(Collectors.joining(", "));
    return rounds == 1 ? first : first + ", then the reverse";
  }

  private void target(Load load, Setup setup, String host, long pid, Path log) {
    Path file = SecurityConfigs.write(repo, results, load, setup, host, credentials, duration);
    targets.computeIfAbsent(load, l -> new EnumMap<>(Setup.class)).put(setup, new Target(file, pid, log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // stopping at the end or on Ctrl-C: the others must still stop
    }
  }

  /** Through the plaintext service, at the host its deposit file names. */
  private void openAccounts(Path depositFile) {
    String host = GhzConfigParser.parse(depositFile).host();
    long begun = System.nanoTime();
    AccountSetup.Result setup = new AccountSetup(new AccountSetup.Options(host, ACCOUNTS, "acc-", "USD", 1_000_000, 32,
        TIMEOUT)).run();
    if (!setup.ok()) {
      throw new IllegalStateException("bench setup failed: " + setup.errors());
    }
    System.out.printf(Locale.ROOT, "%,d accounts opened and funded in %.1f s%n", ACCOUNTS,
        (System.nanoTime() - begun) / 1e9);
  }

  private void warmUp(Setup setup, Load load) {
    System.out.printf("%n== warm-up: %s, %s%n", load.title, setup.title);
    RunResult r = play(load, setup, load.slug + "-" + setup.slug + "-warm-up", warmup);
    ReportWriter.write(r, results.resolve("warm-up"));
    System.out.println("   " + line(r));
    check(r, setup, load);
  }

  private void measure(int round, Setup setup, Load load, Measured into) {
    System.out.printf("%n== round %d: %s, %s%n", round, load.title, setup.title);
    long servicePid = targets.get(load).get(setup).pid();
    long serviceBefore = Cpu.nanos(servicePid);
    long loadBefore = Cpu.ownNanos();
    RunResult r = play(load, setup, load.slug + "-" + setup.slug + "-" + round, duration);
    long serviceCpu = Cpu.between(serviceBefore, Cpu.nanos(servicePid));
    long loadCpu = Cpu.between(loadBefore, Cpu.ownNanos());
    ReportWriter.write(r, results.resolve("runs"));
    System.out.printf(Locale.ROOT, "   %s%n   CPU per call: service %.0f µs, load generator %.0f µs%n", line(r),
        r.ok() == 0 ? Double.NaN : serviceCpu / 1e3 / r.ok(), r.ok() == 0 ? Double.NaN : loadCpu / 1e3 / r.ok());
    check(r, setup, load);
    into.add(r.ok(), r.count() - r.ok(), r.totalSeconds(), r.latency(), serviceCpu, loadCpu);
  }

  private RunResult play(Load load, Setup setup, String name, Duration length) {
    return new LoadRunner(null).run(GhzConfigParser.parse(targets.get(load).get(setup).file())
        .with(new Overrides(null, null, null, null, length, null, null, null, name)));
  }

  /** A set-up whose calls fail (a refused token, a flag the server does not know) measures nothing: stop. */
  private void check(RunResult r, Setup setup, Load load) {
    if (r.count() == 0 || r.ok() < r.count() * 0.99) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s, %s: %,d of %,d calls failed (%s; %s); see %s",
          load.title, setup.title, r.count() - r.ok(), r.count(), r.statuses(), r.errors().stream().limit(3).toList(),
          targets.get(load).get(setup).log()));
    }
  }

  static String line(RunResult r) {
    var s = r.summary();
    return String.format(Locale.ROOT, "%,d calls (%,d OK) in %.1f s: %,.0f/s; p50 %.2f ms, p99 %.2f ms, max %.1f ms",
        r.count(), r.ok(), r.totalSeconds(), r.ok() / Math.max(1e-9, r.totalSeconds()), s.p50(), s.p99(), s.max());
  }

  private String command() {
    return "java -cp bench/target/ledger-bench.jar ledger.bench.security.SecurityBench -z "
        + GoDuration.format(duration) + " --warmup " + GoDuration.format(warmup) + " --rounds " + rounds
        + (setups.size() == Setup.values().length ? "" : " --setups " + setups.stream().map(s -> s.slug)
        .collect(Collectors.joining(","))) + (ceiling ? "" : " --no-ceiling") + " --docs docs/benchmarks.md";
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
