package ledger.bench.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ledger serve} process of this jar ({@code ledger.app.Main}) with the given roles (and
 * further serve flags), on ports that stay the same across its restarts, over PostgreSQL and Redis
 * given by URL (LEDGER_PG_URL, LEDGER_REDIS_URL: nothing embedded). Each run writes a log of its own.
 * FailoverBench and SecurityBench start theirs with it.
 */
public final class LedgerChild implements AutoCloseable {

  /** The service's own JVM options (as ./ledger serve), unless JAVA_OPTS says otherwise. */
  public static final String DEFAULT_JVM = "-Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20";
  private static final Duration START_LIMIT = Duration.ofSeconds(120);

  private final String name;
  private final String roles;
  private final Path logs;
  private final String pgUrl;
  private final String redisUrl;
  private final List<String> flags;
  final int grpcPort = freePort();
  final int httpPort = freePort();
  private Process process;
  private int runs;

  LedgerChild(String name, String roles, Path logs, String pgUrl, String redisUrl) {
    this(name, roles, logs, pgUrl, redisUrl, List.of());
  }

  /** @param flags further {@code serve} flags, after the roles, host and ports */
  public LedgerChild(String name, String roles, Path logs, String pgUrl, String redisUrl, List<String> flags) {
    this.name = name;
    this.roles = roles;
    this.logs = logs;
    this.pgUrl = pgUrl;
    this.redisUrl = redisUrl;
    this.flags = List.copyOf(flags);
  }

  /** Starts the process and returns once its log says it is ready. */
  public synchronized void start() {
    Path log = logs.resolve(name + "-" + (++runs) + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getenv().getOrDefault("JAVA_OPTS", DEFAULT_JVM).trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "ledger.app.Main", "serve", "--roles", roles,
        "--host", "127.0.0.1", "--event-loops", "2", "--grpc-port", Integer.toString(grpcPort), "--http-port",
        Integer.toString(httpPort), "--shutdown-grace-ms", "1000"));
    command.addAll(flags);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("LEDGER_PG_URL", pgUrl);
    builder.environment().put("LEDGER_REDIS_URL", redisUrl);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!read(log).contains("Ledger ready")) {
      if (!process.isAlive() || System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(name + " did not get ready (see " + log + "):\n" + tail(read(log), 30));
      }
      sleep(50);
    }
  }

  /** kill -9: no shutdown hook runs, the connections are left for the servers to notice. */
  synchronized void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " outlived kill -9");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public synchronized long pid() {
    return process.pid();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public int grpcPort() {
    return grpcPort;
  }

  public String name() {
    return name;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log of the latest start. */
  public synchronized Path log() {
    return logs.resolve(name + "-" + runs + ".log");
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
