package ledger.load.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.Overrides;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench run scenario.json}: plays a ghz config file. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Plays a ghz config file against the server it names.",
        "The file's fields are ghz's (https://ghz.sh/docs/config); flags override them, like ghz's. With rps the "
            + "load is an open loop and latency is measured from each call's scheduled start (coordinated-omission "
            + "corrected); without, a closed loop of concurrency workers.",
        ""})
public final class RunCommand implements Callable<Integer> {

  @Parameters(paramLabel = "CONFIG", description = "The ghz JSON config, e.g. load-tests/ghz/deposit.json.")
  Path config;

  @Option(names = "--host", paramLabel = "HOST:PORT", description = "The server, instead of the file's host.")
  String host;

  @Option(names = {"-c", "--concurrency"}, description = "Workers (closed loop) or calls in flight at most (rps).")
  Integer concurrency;

  @Option(names = "--connections", description = "HTTP/2 connections; the workers are spread over them.")
  Integer connections;

  @Option(names = {"-n", "--total"}, description = "Calls to make; replaces the file's duration.")
  Long total;

  @Option(names = {"-z", "--duration"}, converter = Durations.class, paramLabel = "DURATION",
      description = "Run for this long (30s, 2m), instead of a count.")
  Duration duration;

  @Option(names = {"-r", "--rps"}, description = "Calls per second (open loop); 0 for a closed loop.")
  Integer rps;

  @Option(names = {"-t", "--timeout"}, converter = Durations.class, paramLabel = "DURATION",
      description = "Deadline of each call; 0 for none.")
  Duration timeout;

  @Option(names = "--skipFirst", paramLabel = "N", description = "Leave the first N results out of the tally (warm-up).")
  Long skipFirst;

  @Option(names = "--name", description = "The run's name (report file names); default: the file's name field or file name.")
  String name;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  ReportOptions report;

  @Override
  public Integer call() {
    GhzConfig parsed = connection.apply(GhzConfigParser.parse(config)
        .with(new Overrides(host, concurrency, connections, total, duration, rps, timeout, skipFirst, name)));
    parsed.notes().forEach(n -> System.err.println("bench run: note: " + n));
    System.err.printf("bench run: %s on %s, %s%n", parsed.call(), parsed.host(), parsed.rps() > 0
        ? parsed.rps() + " calls/s, at most " + parsed.concurrency() + " in flight"
        : parsed.concurrency() + " workers");
    RunResult result = new LoadRunner(System.err).run(parsed);
    report.publish(result, System.out, System.err);
    return 0;
  }
}
