package ledger.load.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import ledger.load.scenario.AccountSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench setup}: the accounts the ghz scenarios address. */
@Command(name = "setup", mixinStandardHelpOptions = true,
    description = {"Opens and funds the accounts the scenarios address.",
        "Opens <prefix>0 .. <prefix>N-1 and deposits a starting balance into each, so that scenarios addressing "
            + "e.g. acc-{{randomInt 0 1000}} find open, funded accounts. Safe to run again: the command ids are fixed, "
            + "so a second run changes nothing (a different --balance deposits that amount once more).",
        ""})
public final class SetupCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9090",
      description = "The server (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--accounts", defaultValue = "1000", description = "How many accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--prefix", defaultValue = "acc-", description = "Account id prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--currency", defaultValue = "USD", description = "Currency of the accounts (default: ${DEFAULT-VALUE}).")
  String currency;

  @Option(names = "--balance", defaultValue = "1000000",
      description = "Starting balance in minor units, 0 for none (default: ${DEFAULT-VALUE}, i.e. 10,000.00).")
  long balance;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "32", description = "Calls in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = {"-t", "--timeout"}, converter = Durations.class, defaultValue = "10s", paramLabel = "DURATION",
      description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    AccountSetup.Result r = new AccountSetup(new AccountSetup.Options(host, accounts, prefix, currency, balance,
        concurrency, timeout)).run();
    System.out.printf("Accounts %s0 .. %s%d (%s): %d opened, %d already there; %d funded with %d, %d funded before;"
            + " %d failed (%.1f s)%n", prefix, prefix, accounts - 1, currency, r.opened(), r.alreadyThere(), r.funded(),
        balance, r.fundedBefore(), r.failed(), (System.nanoTime() - started) / 1e9);
    r.errors().forEach((message, count) -> System.out.printf("  [%d] %s%n", count, message));
    return r.ok() ? 0 : 1;
  }
}
