package ledger.bench.suite;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import ledger.bench.Sections;
import ledger.load.config.GoDuration;
import ledger.load.runner.LatencySummary;
import ledger.load.runner.RunResult;
import ledger.load.scenario.StreamLagScenario;
import org.HdrHistogram.Histogram;

/**
 * Balance streams at mobile scale (issue 11): N concurrent StreamBalance calls on one ledger
 * instance, multiplexed over a few HTTP/2 connections, while deposits spread over their accounts
 * at a fixed rate; the delivery from commit to stream message, and the memory each stream
 * costs the server. The same runner ({@code ./ledger bench stream-lag}) then plays the same
 * load against the ceiling server's in-memory StreamBalance (a Deposit pushed at once to the
 * account's open streams): the ceiling of the machine's gRPC transport and of this client.
 *
 * <p>Starts {@code ./ledger serve} (embedded PostgreSQL and Redis, a fresh data folder, the
 * suite's JVM options) and the ceiling server as the suite does, warms each up with the same
 * load, measures, and writes its section of docs/benchmarks.md ({@code --docs}); the suite
 * carries that section over.
 *
 * <pre>java -Xms256m -Xmx1g -XX:+UseG1GC -cp bench/target/ledger-bench.jar ledger.bench.suite.StreamScaleBench \
 *   --streams 10000 --connections 4 --rate 1000 --duration 30s --warmup 10s --docs docs/benchmarks.md</pre>
 */
public final class StreamScaleBench {

  static final String HEADING = Sections.STREAM_SCALE_HEADING;
  private static final String AFTER_ANSWER = "from the Deposit's answer to its message (0 when the message came first)";
  private static final String DEPOSIT = "Deposit (scheduled start to answer)";

  record Options(Path repo, int streams, int connections, int rate, Duration duration, Duration warmup, Path docs) {

    String command() {
      return "java -Xms256m -Xmx1g -XX:+UseG1GC -cp bench/target/ledger-bench.jar ledger.bench.suite.StreamScaleBench"
          + " --streams " + streams + " --connections " + connections + " --rate " + rate + " --duration "
          + GoDuration.format(duration) + " --warmup " + GoDuration.format(warmup) + " --docs docs/benchmarks.md";
    }

    String runnerCommand(String host, String pidNote) {
      return "./ledger bench stream-lag --host " + host + " --streams " + streams + " --connections " + connections
          + " --rate " + rate + " -z " + GoDuration.format(duration) + " --memory-pid " + pidNote;
    }
  }

  /** One target's measured run, formatted. */
  record Row(String target, String delivered, String opened, String p50, String p90, String p99, String max,
             String afterAnswerP50, String afterAnswerP99, String depositP99, String contract, String heapPerStream,
             String rssPerStream, String heap, String projectionLagP99, String cpu) {
  }

  record Section(String started, int cores, String cpu, String loadBefore, String loadAfter, String busy,
                 String ledger, String serviceJvm, String loadJvm, String streams, int connections, String rate,
                 String duration, String warmup, String command, List<String> runnerCommands, List<Row> rows,
                 String verdict) {
  }

  private final Options options;
  private final PrintStream log;
  /** The most CPU (cores) anything outside the run used during a measured run: whether the machine was quiet. */
  private double others;

  StreamScaleBench(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  Section run() throws Exception {
    Instant started = Instant.now();
    Path results = options.repo().resolve("bench/target/stream-scale-"
        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started));
    Files.createDirectories(results);
    Path data = results.resolve("data");
    Machine machine = Machine.describe(options.repo(), results);
    String loadBefore = Sections.load(Proc.read("loadavg"));
    log.printf("stream scale: %d streams over %d connections, %d deposits/s; load average %s; results in %s%n",
        options.streams(), options.connections(), options.rate(), loadBefore, results);
    List<Row> rows = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    try (RssSampler rss = new RssSampler()) {
      Lab lab = new Lab(results, rss, log);
      int grpcPort = (int) ServiceProcess.freePort().orElseThrow();
      int httpPort = (int) ServiceProcess.freePort().orElseThrow();
      try (ServiceProcess service = ServiceProcess.start(options.repo(), data, grpcPort, httpPort,
          results.resolve("service.log"), Duration.ofMinutes(3))) {
        rss.follow(service.pid());
        lab.service(service);
        commands.add("./ledger serve   # ./ledger's JVM options, as the suite runs it");
        commands.add(options.runnerCommand("127.0.0.1:9090", "$(pgrep -f 'ledger.jar serve')"));
        rows.add(row("ledger (`./ledger serve`, all roles)", measure(lab, "stream-scale-ledger",
            service.grpcTarget(), service.pid()), true));
        int port = (int) ServiceProcess.freePort().orElseThrow();
        try (CeilingProcess ceiling = CeilingProcess.start(port, results.resolve("ceiling-server.log"))) {
          lab.ceiling(ceiling.pid());
          commands.add("java -Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -cp bench/target/ledger-bench.jar"
              + " ledger.bench.ceiling.CeilingServer --port 9191");
          commands.add(options.runnerCommand("127.0.0.1:9191", "$(pgrep -f CeilingServer)"));
          rows.add(row("ceiling (constant-reply server, in-memory streams)", measure(lab, "stream-scale-ceiling",
              ceiling.target(), ceiling.pid()), false));
        }
      }
    }
    String loadAfter = Sections.load(Proc.read("loadavg"));
    String serviceJvm = System.getenv().getOrDefault("JAVA_OPTS", CeilingProcess.DEFAULT_JVM);
    String loadJvm = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    return new Section(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
        .format(started), machine.cores(), machine.cpuModel(), loadBefore, loadAfter,
        Sections.busy(loadBefore, others, machine.cores()), Sections.commit(machine.git()), serviceJvm, loadJvm,
        Fmt.count(options.streams()), options.connections(), Fmt.count(options.rate()),
        GoDuration.format(options.duration()),
        GoDuration.format(options.warmup()), options.command(), commands, rows, verdict(rows));
  }

  private Measurement measure(Lab lab, String name, String host, long pid) {
    lab.warmUp(name, () -> scenario(name + "-warm-up", host, options.warmup(), 0));
    Measurement m = lab.measure(name, name, options.runnerCommand(host, Long.toString(pid)), options.rate(),
        () -> scenario(name, host, options.duration(), pid));
    if (m.cpu() != null) {
      others = Math.max(others, m.cpu().parts().getOrDefault(CpuSplit.Split.OTHER, 0.0));
    }
    return m;
  }

  private RunResult scenario(String name, String host, Duration duration, long pid) {
    return new StreamLagScenario(new StreamLagScenario.Options(name, host, options.streams(), options.rate(),
        duration, "scale-", "USD", Duration.ofSeconds(10), Duration.ofSeconds(10), options.connections(), pid)).run();
  }

  static Row row(String target, Measurement m, boolean ledger) {
    RunResult r = m.result();
    LatencySummary lag = r.summary();
    Histogram afterAnswer = r.extra().get(AFTER_ANSWER);
    Histogram deposit = r.extra().get(DEPOSIT);
    JsonObject measured = r.settings().getJsonObject("measured", new JsonObject());
    int streams = r.settings().getInteger("streams", 1);
    Map<String, Long> c = r.counters();
    long notDelivered = r.count() - r.ok();
    String contract = String.format(Locale.ROOT, "%s / %s / %s / %s",
        Fmt.count(c.getOrDefault("version gaps or repeats", 0L)), Fmt.count(notDelivered),
        Fmt.count(c.getOrDefault("streams that ended early", 0L)), Fmt.count(c.getOrDefault("updates not from this run", 0L)));
    long heapBefore = measured.getLong("liveHeapKbBefore", -1L);
    long heapWith = measured.getLong("liveHeapKbWithStreams", -1L);
    long rssBefore = measured.getLong("rssKbBefore", -1L);
    long rssWith = measured.getLong("rssKbWithStreams", -1L);
    LatencySummary after = afterAnswer == null ? null : LatencySummary.of(afterAnswer);
    return new Row(target, Fmt.count(r.ok()), Fmt.count(measured.getLong("openMillis", 0L)) + " ms",
        Fmt.ms(lag.p50()), Fmt.ms(lag.p90()), Fmt.ms(lag.p99()), Fmt.ms(lag.max()),
        after == null ? Fmt.NONE : Fmt.ms(after.p50()), after == null ? Fmt.NONE : Fmt.ms(after.p99()),
        deposit == null ? Fmt.NONE : Fmt.ms(LatencySummary.of(deposit).p99()), contract,
        heapBefore < 0 ? Fmt.NONE : String.format(Locale.ROOT, "%.1f KiB", (heapWith - heapBefore) / (double) streams),
        rssBefore < 0 ? Fmt.NONE : String.format(Locale.ROOT, "%.1f KiB", (rssWith - rssBefore) / (double) streams),
        heapBefore < 0 ? Fmt.NONE : Fmt.mb(heapBefore) + " → " + Fmt.mb(heapWith),
        ledger && m.metrics().projectionLag().total() > 0
            ? Fmt.ms(m.metrics().projectionLag().quantile(0.99) * 1000) : Fmt.NONE,
        cpu(m.cpu()));
  }

  private static String cpu(CpuSplit.Split split) {
    if (split == null || split.parts().isEmpty()) {
      return Fmt.NONE;
    }
    List<String> parts = new ArrayList<>();
    split.parts().forEach((name, cores) -> {
      if (!CpuSplit.Split.IDLE.equals(name) && cores >= 0.005) {
        parts.add(name + " " + Fmt.cores(cores));
      }
    });
    return String.join(", ", parts);
  }

  private static String verdict(List<Row> rows) {
    return rows.isEmpty() ? "" : "Target: delivery p99 ≤ 50 ms at this load on the 2-core machine (issue 11): the"
        + " ledger's p99 above is " + rows.get(0).p99() + (rows.size() > 1 ? ", the ceiling's " + rows.get(1).p99()
        : "") + ".";
  }

  public static void main(String[] args) throws Exception {
    Path repo = Path.of("").toAbsolutePath();
    int streams = 10_000;
    int connections = 4;
    int rate = 1_000;
    Duration duration = Duration.ofSeconds(30);
    Duration warmup = Duration.ofSeconds(10);
    Path docs = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--duration" -> duration = GoDuration.parse(args[++i]);
        case "--warmup" -> warmup = GoDuration.parse(args[++i]);
        case "--docs" -> docs = Path.of(args[++i]);
        case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
        case "--help", "-h" -> {
          System.out.println("Usage: StreamScaleBench [--streams 10000] [--connections 4] [--rate 1000] [--duration 30s]"
              + " [--warmup 10s] [--docs docs/benchmarks.md] [--repo .]");
          return;
        }
        default -> {
          System.err.println("StreamScaleBench: unknown argument " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    Section section = new StreamScaleBench(new Options(repo, streams, connections, rate, duration, warmup, docs),
        System.err).run();
    String text = render(section);
    System.out.println(text);
    if (docs != null) {
      Sections.write(docs, HEADING, text);
      System.err.println("Written to " + docs);
    }
  }

  static String render(Section section) {
    return Sections.render(StreamScaleBench.class, "stream-scale.md", section);
  }
}
