package ledger.bench.suite;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import ledger.load.cli.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark suite's entry point, run by {@code bench/bench.sh} (which builds the
 * jars and installs pgbench and redis-benchmark where it can first). Measures the
 * ceilings and the service on this machine in one go and writes docs/benchmarks.md.
 */
@Command(name = "suite", mixinStandardHelpOptions = true,
    description = {"The benchmark suite: ceilings (pgbench, redis-benchmark, a trivial gRPC server), then the ledger's "
        + "scenarios, projection lag, memory and CPU split; writes the results folder and docs/benchmarks.md.",
        "Run it through bench/bench.sh (or ./ledger bench --suite), which builds the jars and installs the tools.",
        ""})
public final class Suite implements Callable<Integer> {

  @Option(names = "--repo", defaultValue = ".", description = "The ledger checkout (default: the current folder).")
  Path repo;

  @Option(names = "--out", description = "Results folder (default: <repo>/bench/target/suite-<time>).")
  Path out;

  @Option(names = "--data-dir", description = "The service's data folder; must not exist or be empty (default: a new "
      + "temporary folder, deleted at the end).")
  Path dataDir;

  @Option(names = "--docs", description = "Where to write the Markdown report (default: <repo>/docs/benchmarks.md; "
      + "'-' for only the results folder).")
  String docs;

  @Option(names = {"-z", "--duration"}, converter = Durations.class, defaultValue = "30s", paramLabel = "DURATION",
      description = "Length of each measured run (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", converter = Durations.class, defaultValue = "20s", paramLabel = "DURATION",
      description = "Length of the warm-up before each closed-loop run; open-loop runs warm up half as long "
          + "(default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--command", defaultValue = "bench/bench.sh",
      description = "How the suite was started, for the report (default: ${DEFAULT-VALUE}).")
  String command;

  public static void main(String[] args) {
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    System.exit(new CommandLine(new Suite()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Path root = repo.toAbsolutePath().normalize();
    if (!Files.isExecutable(root.resolve("ledger"))) {
      System.err.println("suite: " + root + " is not a ledger checkout (no ./ledger); give --repo");
      return 2;
    }
    Path results = (out != null ? out : root.resolve("bench/target/suite-" + stamp())).toAbsolutePath();
    Files.createDirectories(results);
    boolean tempData = dataDir == null;
    Path data = tempData ? Files.createTempDirectory("ledger-suite-data-") : dataDir.toAbsolutePath();
    SuiteResult result = new SuiteResult();
    result.command = command;
    result.results = results;
    result.duration = duration;
    result.warmup = warmup;
    System.out.printf("Benchmark suite: results in %s, service data in %s%n", results, data);
    try {
      new SuiteRun(root, results, data, duration, warmup, System.out).run(result);
    } finally {
      if (tempData) {
        deleteTree(data);
      }
    }
    String markdown = Report.render(result, existingDocs(root));
    Files.writeString(results.resolve("benchmarks.md"), markdown);
    if (!"-".equals(docs)) {
      Path target = docs != null ? Path.of(docs) : root.resolve("docs/benchmarks.md");
      Files.writeString(target, markdown);
      System.out.println("\nWrote " + target);
    }
    System.out.println("Results: " + results);
    System.out.println();
    System.out.println(Report.headline(result));
    return 0;
  }

  private String existingDocs(Path root) {
    Path current = docs != null && !"-".equals(docs) ? Path.of(docs) : root.resolve("docs/benchmarks.md");
    try {
      return Files.exists(current) ? Files.readString(current) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String stamp() {
    return Instant.now().toString().replaceAll("[-:]", "").replaceAll("\\..*", "").replace('T', '-');
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover file in a temporary folder is not worth failing the suite for
        }
      });
    } catch (IOException e) {
      // same
    }
  }
}
