package ledger.bench.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import ledger.load.scenario.AccountSetup;

/**
 * The suite's steps, in order: the machine, the service, the ceilings (pgbench,
 * redis-benchmark, the gRPC ceiling server), the accounts, the scenarios, a restart; each
 * step that cannot run is recorded as not measured, with the reason, and the rest go on.
 */
final class SuiteRun {

  static final int ACCOUNTS = 10_000;
  static final int DEPOSIT_CALLERS = 64;
  static final int READ_CALLERS = 32;
  static final int CONNECTIONS = 2;
  static final int OPEN_LOOP_IN_FLIGHT = 64;
  static final int COMMAND_RATE = 1_000;
  /** The fixed rate at which the CPU each command costs the whole system is measured (issue 12). */
  static final int CPU_RATE = 2_000;
  /** The deposits at {@link #CPU_RATE} again, with each role in its own process. */
  static final String ROLES_RUN = "deposit-" + CPU_RATE + "-roles";
  static final int READ_RATE = 5_000;
  static final int PAIR_RATE = 1_000;
  static final int STREAM_RATE = 500;
  static final int STREAMS = 100;

  private final Path repo;
  private final Path results;
  private final Path data;
  private final Duration duration;
  private final Duration warmup;
  private final PrintStream log;
  private final Scenarios scenarios;

  SuiteRun(Path repo, Path results, Path data, Duration duration, Duration warmup, PrintStream log) {
    this.repo = repo;
    this.results = results;
    this.data = data;
    this.duration = duration;
    this.warmup = warmup;
    this.log = log;
    this.scenarios = new Scenarios(repo, duration);
  }

  void run(SuiteResult result) {
    result.started = Instant.now();
    result.machine = Machine.describe(repo, data);
    result.serviceJvm = System.getenv().getOrDefault("JAVA_OPTS", CeilingProcess.DEFAULT_JVM);
    result.loadJvm = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    log.printf("Machine: %d cores, %s, %,d MB; load average %s%n", result.machine.cores(), result.machine.cpuModel(),
        result.machine.memoryMb(), result.machine.loadBefore());
    try (RssSampler rss = new RssSampler()) {
      Lab lab = new Lab(results, rss, log);
      int grpcPort = (int) ServiceProcess.freePort().orElseThrow();
      int httpPort = (int) ServiceProcess.freePort().orElseThrow();
      ServiceProcess service = ServiceProcess.start(repo, data, grpcPort, httpPort, results.resolve("service.log"),
          Duration.ofMinutes(3));
      try {
        result.firstStart = service.startup();
        log.printf("Service ready: %d ms by its log, %d ms from launch (fresh data folder)%n",
            service.startup().loggedMillis(), service.startup().wallMillis());
        rss.follow(service.pid());
        lab.service(service);
        try (Backends backends = new Backends(service.startup().postgresPort(), service.startup().redisPort())) {
          result.postgres.putAll(backends.postgres());
          result.redis.putAll(backends.redis());
          new Ceilings(repo, results, lab, backends, service, log, duration).run(result);
        }
        services(result, lab, service.grpcTarget());
        // after the service's runs, so that the load generator is as warm against the ceiling
        // server as it was against the service (measured first, a cold generator made the
        // ceiling look several times lower than the service)
        grpcCeiling(result, lab);
      } finally {
        rss.phase("stop");
        service.close();
      }
      restart(result, rss, grpcPort, httpPort);
      // after the restart, so that it starts on the data the single process left, as it always has
      separateRoles(result, lab);
      result.rssMaxKb = rss.maxKb();
      result.rssMaxPhase = rss.maxPhase();
      result.rssSamples = rss.samples();
      result.rssByPhase.putAll(rss.maxKbByPhase());
    }
    result.loadAfter = Proc.read("loadavg");
    result.finished = Instant.now();
  }

  /** The most GetBalance can do through this client and stack: the same runs against a constant-reply server. */
  private void grpcCeiling(SuiteResult result, Lab lab) {
    int port = (int) ServiceProcess.freePort().orElseThrow();
    CeilingProcess ceiling;
    try {
      ceiling = CeilingProcess.start(port, results.resolve("ceiling-server.log"));
    } catch (RuntimeException e) {
      result.notMeasured.put("gRPC ceiling", e.getMessage());
      return;
    }
    try {
      result.ceilingJvm = ceiling.jvmOptions();
      lab.ceiling(ceiling.pid());
      String host = ceiling.target();
      step(result, "gRPC ceiling", () -> {
        result.warmUps.put("ceiling-grpc-max", lab.warmUp("ceiling-grpc-max",
            scenarios.balance("ceiling-grpc-max-warm-up", host, null, warmup.multipliedBy(2))));
        result.runs.put("ceiling-grpc-max", lab.measure("ceiling-grpc-max",
            "GetBalance against the constant-reply ceiling server, closed loop, " + READ_CALLERS + " callers",
            scenarios.balanceCommand("<ceiling port>", null) + "   # against: java -cp bench/target/ledger-bench.jar"
                + " ledger.bench.ceiling.CeilingServer --port <ceiling port>", 0,
            scenarios.balance("ceiling-grpc-max", host, null, duration)));
        lab.warmUp("ceiling-grpc-" + READ_RATE, scenarios.balance("ceiling-grpc-rate-warm-up", host, READ_RATE, half()));
        result.runs.put("ceiling-grpc-" + READ_RATE, lab.measure("ceiling-grpc-" + READ_RATE,
            "GetBalance against the ceiling server, open loop at " + READ_RATE + "/s", scenarios.balanceCommand(
                "<ceiling port>", READ_RATE), READ_RATE,
            scenarios.balance("ceiling-grpc-" + READ_RATE, host, READ_RATE, duration)));
      });
    } finally {
      ceiling.close();
      lab.ceiling(0);
    }
  }

  private void services(SuiteResult result, Lab lab, String host) {
    step(result, "account set-up", () -> {
      long started = System.nanoTime();
      AccountSetup.Result setup = scenarios.setup(host);
      result.setupSeconds = (System.nanoTime() - started) / 1e9;
      result.setupSummary = String.format("%,d opened, %,d funded, %,d failed in %.1f s", setup.opened(),
          setup.funded(), setup.failed(), result.setupSeconds);
      log.printf("%n== set-up: %s%n", result.setupSummary);
      if (!setup.ok()) {
        throw new SuiteException("bench setup failed: " + setup.errors());
      }
    });
    if (result.notMeasured.containsKey("account set-up")) {
      return;
    }
    step(result, "deposits at the maximum rate", () -> {
      result.warmUps.put("deposit-max", lab.warmUp("deposit-max", scenarios.deposit("deposit-max-warm-up", host, null,
          warmup)));
      result.runs.put("deposit-max", lab.measure("deposit-max", "Deposit over " + ACCOUNTS + " accounts, closed loop, "
          + DEPOSIT_CALLERS + " callers", scenarios.depositCommand(null), 0,
          scenarios.deposit("deposit-max", host, null, duration)));
    });
    step(result, "deposits at " + COMMAND_RATE + "/s", () -> {
      lab.warmUp("deposit-" + COMMAND_RATE, scenarios.deposit("deposit-rate-warm-up", host, COMMAND_RATE, half()));
      result.runs.put("deposit-" + COMMAND_RATE, lab.measure("deposit-" + COMMAND_RATE, "Deposit over " + ACCOUNTS
          + " accounts, open loop at " + COMMAND_RATE + "/s", scenarios.depositCommand(COMMAND_RATE), COMMAND_RATE,
          scenarios.deposit("deposit-" + COMMAND_RATE, host, COMMAND_RATE, duration)));
    });
    step(result, "deposits at " + CPU_RATE + "/s", () -> {
      lab.warmUp("deposit-" + CPU_RATE, scenarios.deposit("deposit-cpu-warm-up", host, CPU_RATE, half()));
      result.runs.put("deposit-" + CPU_RATE, lab.measure("deposit-" + CPU_RATE, "Deposit over " + ACCOUNTS
          + " accounts, open loop at " + CPU_RATE + "/s", scenarios.depositCommand(CPU_RATE), CPU_RATE,
          scenarios.deposit("deposit-" + CPU_RATE, host, CPU_RATE, duration)));
    });
    step(result, "transfers at " + CPU_RATE + "/s", () -> {
      lab.warmUp("transfer-" + CPU_RATE, scenarios.transfer("transfer-cpu-warm-up", host, CPU_RATE, half()));
      result.runs.put("transfer-" + CPU_RATE, lab.measure("transfer-" + CPU_RATE, "Transfer between two of "
          + ACCOUNTS + " accounts, open loop at " + CPU_RATE + "/s", scenarios.transferCommand(CPU_RATE), CPU_RATE,
          scenarios.transfer("transfer-" + CPU_RATE, host, CPU_RATE, duration)));
    });
    step(result, "GetBalance at the maximum rate", () -> {
      result.warmUps.put("balance-max", lab.warmUp("balance-max", scenarios.balance("balance-max-warm-up", host, null,
          warmup)));
      result.runs.put("balance-max", lab.measure("balance-max", "GetBalance without token, closed loop, " + READ_CALLERS
          + " callers", scenarios.balanceCommand(null, null), 0, scenarios.balance("balance-max", host, null, duration)));
    });
    step(result, "GetBalance at " + READ_RATE + "/s", () -> {
      lab.warmUp("balance-" + READ_RATE, scenarios.balance("balance-rate-warm-up", host, READ_RATE, half()));
      result.runs.put("balance-" + READ_RATE, lab.measure("balance-" + READ_RATE, "GetBalance without token, open loop"
          + " at " + READ_RATE + "/s", scenarios.balanceCommand(null, READ_RATE), READ_RATE,
          scenarios.balance("balance-" + READ_RATE, host, READ_RATE, duration)));
    });
    step(result, "pairs at " + PAIR_RATE + "/s", () -> {
      lab.warmUp("pairs-" + PAIR_RATE, scenarios.pairs("pairs-warm-up", host, half()));
      result.runs.put("pairs-" + PAIR_RATE, lab.measure("pairs-" + PAIR_RATE, "Deposit, then GetBalance with its token,"
          + " open loop at " + PAIR_RATE + " pairs/s", scenarios.pairsCommand(), PAIR_RATE,
          scenarios.pairs("pairs-" + PAIR_RATE, host, duration)));
    });
    step(result, "stream lag", () -> result.runs.put("stream-lag-" + STREAM_RATE, lab.measure("stream-lag-"
            + STREAM_RATE, "Deposit → StreamBalance delivery, " + STREAMS + " streams, open loop at " + STREAM_RATE
            + " deposits/s", scenarios.streamLagCommand(), STREAM_RATE,
        scenarios.streamLag("stream-lag-" + STREAM_RATE, host))));
  }

  /**
   * The deposits at {@link #CPU_RATE} again on the run's data, with each role in its own process
   * as in production: what each role costs per command (issue 12). The processes are fresh
   * JVMs with empty caches, so they warm up as long as the first run of all did.
   */
  private void separateRoles(SuiteResult result, Lab lab) {
    step(result, "deposits at " + CPU_RATE + "/s, roles in separate processes", () -> {
      try (SeparateRoles roles = SeparateRoles.start(repo, data, results, Duration.ofMinutes(3))) {
        lab.roles(roles);
        String host = roles.commandTarget();
        lab.warmUp(ROLES_RUN, scenarios.deposit("deposit-roles-warm-up", host, CPU_RATE,
            warmup.multipliedBy(2)));
        result.runs.put(ROLES_RUN, lab.measure(ROLES_RUN, "Deposit over " + ACCOUNTS + " accounts, open loop at "
            + CPU_RATE + "/s, each role in its own process", scenarios.depositCommand(CPU_RATE)
            + " --host 127.0.0.1:<command port>   # against: " + SEPARATE_ROLES, CPU_RATE,
            scenarios.deposit(ROLES_RUN, host, CPU_RATE, duration)));
      }
    });
  }

  /** How the roles run, one process each, for the report's reproducing commands. */
  static final String SEPARATE_ROLES = "./ledger serve --roles projection (embedded PostgreSQL and Redis), then"
      + " ./ledger serve --roles command and --roles query on ports of their own, each with LEDGER_PG_URL and"
      + " LEDGER_REDIS_URL set to the projection's servers";

  /** A second start on the data folder the run left: what a restart of an existing ledger costs. */
  private void restart(SuiteResult result, RssSampler rss, int grpcPort, int httpPort) {
    step(result, "restart", () -> {
      rss.phase("restart");
      try (ServiceProcess again = ServiceProcess.start(repo, data, grpcPort, httpPort,
          results.resolve("service-restart.log"), Duration.ofMinutes(3))) {
        result.restart = again.startup();
        rss.follow(again.pid());
        rss.sample();
        log.printf("%nRestart ready: %d ms by its log, %d ms from launch (existing data folder)%n",
            again.startup().loggedMillis(), again.startup().wallMillis());
      }
    });
  }

  private Duration half() {
    return warmup.dividedBy(2);
  }

  /** Runs a step; a failure is recorded as "not measured" with its reason and the suite goes on. */
  private void step(SuiteResult result, String name, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      log.printf("!! %s: not measured: %s%n", name, reason);
      result.notMeasured.put(name, reason);
    }
  }
}
