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
        "At mobile scale: --streams 10000 --connections 4 multiplexes the streams over 4 HTTP/2 connections (the "
            + "server's --max-concurrent-streams, default 10,000, caps the streams per connection), and --memory-pid "
            + "measures the server process's live heap (after a full GC, by jcmd) and resident set before and after "
            + "opening them.",
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

  @Option(names = "--connections", defaultValue = "0",
      description = "HTTP/2 connections shared by the streams and the deposits (default: one per 80 streams).")
  int connections;

  @Option(names = "--memory-pid", defaultValue = "0", paramLabel = "PID",
      description = "The server's process id on this machine: its memory per stream is measured with jcmd and "
          + "/proc (default: not measured).")
  long memoryPid;

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
    if (streams < 1 || rate < 1 || connections < 0 || memoryPid < 0) {
      throw new ledger.load.config.ConfigException("--streams and --rate must be at least 1, --connections and "
          + "--memory-pid at least 0");
    }
    StreamLagScenario.Options options = new StreamLagScenario.Options(name, host, streams, rate, duration, prefix,
        currency, timeout, grace, connections, memoryPid);
    System.err.printf("bench stream-lag: %d streams over %d connections, %d deposits/s for %s on %s%n", streams,
        options.connectionCount(), rate, duration, host);
    report.publish(new StreamLagScenario(options).run(), System.out, System.err);
    return 0;
  }
}
