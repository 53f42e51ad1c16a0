package ledger.load.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import ledger.load.scenario.PairsScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench pairs}: write, then read with the write's token. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
    description = {"Deposit, then GetBalance with the deposit's token: read-your-writes under load.",
        "Each worker deposits into a random set-up account, then reads its balance with the deposit's "
            + "consistency_token; the pair's latency is measured. Closed loop by default; with --rps an open loop whose "
            + "latency runs from each pair's scheduled start (coordinated-omission corrected). Counts any read that "
            + "shows a version older than the deposit's. Needs the accounts of `bench setup`.",
        ""})
public final class PairsCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9090",
      description = "The server (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "16",
      description = "Workers (closed loop) or pairs in flight at most (--rps) (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = {"-r", "--rps"}, defaultValue = "0",
      description = "Pairs per second (open loop); 0 for a closed loop (default: ${DEFAULT-VALUE}).")
  int rps;

  @Option(names = "--connections", defaultValue = "1", description = "HTTP/2 connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = {"-n", "--total"}, description = "Pairs to run, instead of a duration.")
  Long total;

  @Option(names = {"-z", "--duration"}, converter = Durations.class, defaultValue = "30s", paramLabel = "DURATION",
      description = "How long to run (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--accounts", defaultValue = "1000", description = "Accounts <prefix>0..N-1 to use (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--prefix", defaultValue = "acc-", description = "Account id prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--currency", defaultValue = "USD", description = "Currency of the deposits (default: ${DEFAULT-VALUE}).")
  String currency;

  @Option(names = {"-t", "--timeout"}, converter = Durations.class, defaultValue = "10s", paramLabel = "DURATION",
      description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--name", defaultValue = "pairs", description = "The run's name (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin
  ReportOptions report;

  @Override
  public Integer call() {
    if (connections < 1 || concurrency < connections) {
      throw new ledger.load.config.ConfigException("need 1 <= connections <= concurrency");
    }
    if (rps < 0) {
      throw new ledger.load.config.ConfigException("--rps must be 0 (closed loop) or more");
    }
    PairsScenario.Options options = new PairsScenario.Options(name, host, concurrency, connections,
        total == null ? 0 : total, total == null ? duration : Duration.ZERO, accounts, prefix, currency, timeout, rps);
    System.err.printf("bench pairs: %s on %s%n", rps > 0 ? rps + " pairs/s, at most " + concurrency + " in flight"
        : concurrency + " workers", host);
    report.publish(new PairsScenario(options).run(), System.out, System.err);
    return 0;
  }
}
