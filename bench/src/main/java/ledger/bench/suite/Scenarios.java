package ledger.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import ledger.load.config.GhzConfigParser;
import ledger.load.config.GoDuration;
import ledger.load.config.Overrides;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import ledger.load.scenario.AccountSetup;
import ledger.load.scenario.PairsScenario;
import ledger.load.scenario.StreamLagScenario;

/**
 * The suite's loads, played in this JVM by the same code as {@code ./ledger bench}, and the
 * {@code ./ledger bench} command line that plays each one on its own.
 */
final class Scenarios {

  static final String DEPOSIT = "load-tests/ghz/suite/deposit-10k.json";
  static final String BALANCE = "load-tests/ghz/suite/balance-10k.json";
  static final String TRANSFER = "load-tests/ghz/suite/transfer-10k.json";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Path repo;
  private final Duration measured;

  Scenarios(Path repo, Duration measured) {
    this.repo = repo;
    this.measured = measured;
  }

  AccountSetup.Result setup(String host) {
    return new AccountSetup(new AccountSetup.Options(host, SuiteRun.ACCOUNTS, "acc-", "USD", 1_000_000, 32, TIMEOUT))
        .run();
  }

  /** Deposits as deposit-10k.json says (64 callers over 2 connections); with a rate, an open loop. */
  Supplier<RunResult> deposit(String name, String host, Integer rps, Duration duration) {
    return ghz(DEPOSIT, name, host, rps == null ? null : SuiteRun.OPEN_LOOP_IN_FLIGHT, rps, duration);
  }

  String depositCommand(Integer rps) {
    return ghzCommand(DEPOSIT, rps);
  }

  /** Transfers as transfer-10k.json says (from the first half of the accounts to the second), open loop at {@code rps}. */
  Supplier<RunResult> transfer(String name, String host, int rps, Duration duration) {
    return ghz(TRANSFER, name, host, SuiteRun.OPEN_LOOP_IN_FLIGHT, rps, duration);
  }

  String transferCommand(int rps) {
    return ghzCommand(TRANSFER, rps);
  }

  /** GetBalance as balance-10k.json says (32 callers over 2 connections); with a rate, an open loop. */
  Supplier<RunResult> balance(String name, String host, Integer rps, Duration duration) {
    return ghz(BALANCE, name, host, rps == null ? null : SuiteRun.OPEN_LOOP_IN_FLIGHT, rps, duration);
  }

  String balanceCommand(String port, Integer rps) {
    return ghzCommand(BALANCE, rps) + (port == null ? "" : " --host 127.0.0.1:" + port);
  }

  Supplier<RunResult> pairs(String name, String host, Duration duration) {
    return () -> new PairsScenario(new PairsScenario.Options(name, host, SuiteRun.OPEN_LOOP_IN_FLIGHT,
        SuiteRun.CONNECTIONS, 0, duration, SuiteRun.ACCOUNTS, "acc-", "USD", TIMEOUT, SuiteRun.PAIR_RATE)).run();
  }

  String pairsCommand() {
    return "./ledger bench pairs --rps " + SuiteRun.PAIR_RATE + " -c " + SuiteRun.OPEN_LOOP_IN_FLIGHT
        + " --connections " + SuiteRun.CONNECTIONS + " --accounts " + SuiteRun.ACCOUNTS + " -z "
        + GoDuration.format(measured);
  }

  Supplier<RunResult> streamLag(String name, String host) {
    return () -> new StreamLagScenario(new StreamLagScenario.Options(name, host, SuiteRun.STREAMS,
        SuiteRun.STREAM_RATE, measured, "lag-", "USD", TIMEOUT, Duration.ofSeconds(5))).run();
  }

  String streamLagCommand() {
    return "./ledger bench stream-lag --streams " + SuiteRun.STREAMS + " --rate " + SuiteRun.STREAM_RATE + " -z "
        + GoDuration.format(measured);
  }

  private Supplier<RunResult> ghz(String file, String name, String host, Integer inFlight, Integer rps,
                                  Duration duration) {
    return () -> new LoadRunner(null).run(GhzConfigParser.parse(repo.resolve(file))
        .with(new Overrides(host, inFlight, null, null, duration, rps, null, null, name)));
  }

  private String ghzCommand(String file, Integer rps) {
    return "./ledger bench run " + file + (rps == null ? "" : " --rps " + rps + " -c " + SuiteRun.OPEN_LOOP_IN_FLIGHT)
        + " -z " + GoDuration.format(measured);
  }
}
