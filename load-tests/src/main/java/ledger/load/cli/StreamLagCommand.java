package ledger.load.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import ledger.load.scenario.StreamLagScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench stream-lag}: commit → StreamBalance delivery. */
@Command(name = "stream-lag", mixinStandardHelpOptions = true,
    description = {"Commit -> StreamBalance delivery lag.",
        "Opens a StreamBalance stream on each of N accounts (opened by the scenario itself), deposits into them "
            + "round-robin at a fixed rate (open loop), and measures from just before each Deposit is sent to the "
            + "arrival of the stream message that carries it. The deposits' own latency and the stream contract (one "
            + "message per version, in order, none missing) are reported beside it.",
        ""})
public final class StreamLagCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9090",
      description = "The server (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--streams", defaultValue = "100", description = "Streams, one per account (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = {"-r", "--rate"}, defaultValue = "200", description = "Deposits per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = {"-z", "--duration"}, converter = Durations.class, defaultValue = "30s", paramLabel = "DURATION",
      description = "How long to deposit (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--prefix", defaultValue = "lag-", description = "Account id prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--currency", defaultValue = "USD", description = "Currency (default: ${DEFAULT-VALUE}).")
  String currency;

  @Option(names = {"-t", "--timeout"}, converter = Durations.class, defaultValue = "10s", paramLabel = "DURATION",
      description = "Deadline of each deposit (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--grace", converter = Durations.class, defaultValue = "5s", paramLabel = "DURATION",
      description = "How long to wait for the last deliveries (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(names = "--name", defaultValue = "stream-lag", description = "The run's name (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin
  ReportOptions report;

  @Override
  public Integer call() {
    if (streams < 1 || rate < 1) {
      throw new ledger.load.config.ConfigException("--streams and --rate must be at least 1");
    }
    System.err.printf("bench stream-lag: %d streams, %d deposits/s for %s on %s%n", streams, rate, duration, host);
    report.publish(new StreamLagScenario(new StreamLagScenario.Options(name, host, streams, rate, duration, prefix,
        currency, timeout, grace)).run(), System.out, System.err);
    return 0;
  }
}
