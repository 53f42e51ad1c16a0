package ledger.bench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import ledger.load.report.ReportWriter;
import ledger.load.runner.LatencySummary;
import ledger.load.runner.RunResult;

/**
 * Takes the measurements: around each run it notes the phase for the RSS sampler, snapshots
 * /proc for the CPU split, scrapes the service's /metrics, and files the run's JSON and HTML
 * reports and both scrapes in the results folder.
 */
final class Lab {

  private final Path dir;
  private final RssSampler rss;
  private final PrintStream log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private CpuSplit.Pids pids = new CpuSplit.Pids(0, 0, 0, 0);
  private String metricsUrl;

  Lab(Path dir, RssSampler rss, PrintStream log) {
    this.dir = dir;
    this.rss = rss;
    this.log = log;
  }

  void service(ServiceProcess service) {
    pids = new CpuSplit.Pids(service.pid(), service.postmasterPid(), service.redisPid(), pids.ceiling());
    metricsUrl = service.metricsUrl();
  }

  /** The roles, each in its own process, in place of the service (until {@link #service} again). */
  void roles(SeparateRoles roles) {
    pids = new CpuSplit.Pids(0, roles.postmasterPid(), roles.redisPid(), 0, roles.pids());
    metricsUrl = roles.commandMetricsUrl();
  }

  void ceiling(long pid) {
    pids = new CpuSplit.Pids(pids.service(), pids.postmaster(), pids.redis(), pid, pids.roles());
  }

  /** A run whose figures are kept out of the results: warms the JIT of both ends, the caches and the pools. */
  RunResult warmUp(String name, Supplier<RunResult> run) {
    rss.phase(name + " (warm-up)");
    log.printf("%n== warm-up: %s%n", name);
    RunResult result = run.get();
    ReportWriter.write(result, dir.resolve("warm-up"));
    log.printf("   %s%n", line(result));
    return result;
  }

  Measurement measure(String name, String title, String command, int rate, Supplier<RunResult> run) {
    rss.phase(name);
    log.printf("%n== %s: %s%n   %s%n", name, title, command);
    PromScrape before = scrape(name + "-before");
    CpuSplit.Snapshot start = CpuSplit.Snapshot.take();
    RunResult result = run.get();
    CpuSplit.Snapshot end = CpuSplit.Snapshot.take();
    PromScrape after = scrape(name + "-after");
    ReportWriter.write(result, dir);
    Measurement m = new Measurement(name, title, command, rate, result, CpuSplit.between(start, end, pids),
        MetricsDelta.between(before, after));
    log.printf("   %s%n   CPU: %s%n", line(result), cpu(m.cpu()));
    return m;
  }

  /** The CPU split of any other work, e.g. a pgbench run. */
  <T> T around(String phase, Supplier<T> work, java.util.function.BiConsumer<T, CpuSplit.Split> split) {
    rss.phase(phase);
    CpuSplit.Snapshot start = CpuSplit.Snapshot.take();
    T result = work.get();
    split.accept(result, CpuSplit.between(start, CpuSplit.Snapshot.take(), pids));
    return result;
  }

  private PromScrape scrape(String name) {
    if (metricsUrl == null) {
      return PromScrape.empty();
    }
    try {
      String text = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Path metrics = dir.resolve("metrics");
      Files.createDirectories(metrics);
      Files.writeString(metrics.resolve(name + ".txt"), text);
      return PromScrape.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape " + metricsUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SuiteException("interrupted", e);
    }
  }

  static String line(RunResult r) {
    LatencySummary s = r.summary();
    return String.format("%,d calls (%,d OK) in %.1f s: %,.0f/s; p50 %.2f ms, p99 %.2f ms, max %.1f ms", r.count(),
        r.ok(), r.totalSeconds(), r.rps(), s.p50(), s.p99(), s.max());
  }

  static String cpu(CpuSplit.Split split) {
    StringBuilder b = new StringBuilder();
    split.parts().forEach((k, v) -> b.append(String.format("%s %.2f, ", k, v)));
    return b.append(String.format("(cores %.2f)", split.cores())).toString();
  }
}
