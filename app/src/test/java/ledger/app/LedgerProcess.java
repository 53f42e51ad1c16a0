package ledger.app;

import static ledger.testkit.Waits.until;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ledger.testkit.TestInfra;

/**
 * One {@code ledger serve} process of the built jar with the given roles, on ports that
 * stay the same across its restarts, over the test's PostgreSQL and Redis (LEDGER_PG_URL,
 * LEDGER_REDIS_URL: nothing embedded). Each run writes a log of its own next to the others.
 */
final class LedgerProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target", "ledger.jar").toAbsolutePath();
  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  private final String name;
  private final String roles;
  private final Path logs;
  private final String pgUrl;
  private final String redisUrl;
  private final List<String> serveArgs;
  final int grpcPort = TestInfra.freePort();
  final int httpPort = TestInfra.freePort();
  private Process process;
  private int runs;

  LedgerProcess(String name, String roles, Path logs, String pgUrl, String redisUrl) {
    this(name, roles, logs, pgUrl, redisUrl, List.of());
  }

  /** {@code serveArgs}: more options of {@code ledger serve}, after the usual ones. */
  LedgerProcess(String name, String roles, Path logs, String pgUrl, String redisUrl, List<String> serveArgs) {
    this.serveArgs = serveArgs;
    this.name = name;
    this.roles = roles;
    this.logs = logs;
    this.pgUrl = pgUrl;
    this.redisUrl = redisUrl;
  }

  /** Starts the process and returns once it says it is ready. */
  synchronized void start() {
    Path log = logs.resolve(name + "-" + (++runs) + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", JAR.toString(),
        "ledger.app.Main", "serve", "--roles", roles, "--host", "127.0.0.1", "--event-loops", "2",
        "--grpc-port", Integer.toString(grpcPort), "--http-port", Integer.toString(httpPort),
        "--pg-pool-size", "8", "--shutdown-grace-ms", "1000"));
    command.addAll(serveArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("LEDGER_PG_URL", pgUrl);
    builder.environment().put("LEDGER_REDIS_URL", redisUrl);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
    Process started = process;
    String output = until(name + " ready", START_LIMIT, () -> read(log),
        text -> text.contains("Ledger ready") || !started.isAlive());
    if (!output.contains("Ledger ready")) {
      throw new AssertionError(name + " exited with " + started.exitValue() + ":\n" + output);
    }
  }

  /** kill -9: no shutdown hook runs, connections are left for the servers to notice. */
  synchronized void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " outlived kill -9");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, as Kubernetes stops a pod: the shutdown hook drains; returns once the process has exited. */
  synchronized int stop(Duration limit) {
    process.destroy();
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running " + limit.toMillis() + " ms after SIGTERM");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the given run (1 for the first) wrote. */
  String log(int run) {
    return read(logs.resolve(name + "-" + run + ".log"));
  }

  synchronized long pid() {
    return process.pid();
  }

  String name() {
    return name;
  }

  /** What every run of this process wrote, for a failure's message. */
  String logTail(int lines) {
    StringBuilder all = new StringBuilder();
    for (int run = 1; run <= runs; run++) {
      all.append(read(logs.resolve(name + "-" + run + ".log")));
    }
    List<String> lineList = all.toString().lines().toList();
    return String.join("\n", lineList.subList(Math.max(0, lineList.size() - lines), lineList.size()));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
