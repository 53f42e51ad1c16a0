package ledger.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./ledger serve} as a child process: started on given ports and data folder, its
 * output in a log file, ready once it prints "Ledger ready in N ms". Knows the embedded
 * PostgreSQL and Redis it started (ports from the log, pids from their pid files).
 */
final class ServiceProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("Ledger ready in (\\d+) ms");
  private static final Pattern POSTGRES = Pattern.compile("Embedded PostgreSQL on port (\\d+)");
  private static final Pattern REDIS = Pattern.compile("Embedded Redis on port (\\d+)");

  /** How the start went: the time the server reports, and from launching the script to that line. */
  record Start(long loggedMillis, long wallMillis, int postgresPort, int redisPort) {
  }

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final int grpcPort;
  private final int httpPort;
  private final Start start;

  private ServiceProcess(Process process, Path dataDir, Path log, int grpcPort, int httpPort, Start start) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.start = start;
  }

  static ServiceProcess start(Path repo, Path dataDir, int grpcPort, int httpPort, Path log, Duration timeout) {
    return start(repo, dataDir, grpcPort, httpPort, log, timeout, List.of(), Map.of());
  }

  /** As above, with further options ({@code --roles command}) and environment ({@code LEDGER_PG_URL}). */
  static ServiceProcess start(Path repo, Path dataDir, int grpcPort, int httpPort, Path log, Duration timeout,
                              List<String> options, Map<String, String> environment) {
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      List<String> command = new ArrayList<>(List.of(repo.resolve("ledger").toString(), "serve",
          "--data-dir", dataDir.toString(), "--grpc-port", Integer.toString(grpcPort),
          "--http-port", Integer.toString(httpPort)));
      command.addAll(options);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(repo.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      // the suite builds before it starts; a source edited meanwhile must not trigger a build mid-run
      builder.environment().put("LEDGER_SKIP_BUILD", "1");
      builder.environment().putAll(environment);
      long launched = System.nanoTime();
      Process process = builder.start();
      long deadline = launched + timeout.toNanos();
      while (true) {
        String text = Files.exists(log) ? Files.readString(log) : "";
        Matcher ready = READY.matcher(text);
        if (ready.find()) {
          long wall = (System.nanoTime() - launched) / 1_000_000;
          return new ServiceProcess(process, dataDir, log, grpcPort, httpPort, new Start(Long.parseLong(ready.group(1)),
              wall, port(POSTGRES, text), port(REDIS, text)));
        }
        if (!process.isAlive()) {
          stopEmbedded(dataDir);
          throw new SuiteException("./ledger serve exited with " + process.exitValue() + " before it was ready; see "
              + log);
        }
        if (System.nanoTime() - deadline > 0) {
          process.destroyForcibly();
          stopEmbedded(dataDir);
          throw new SuiteException("./ledger serve was not ready within " + timeout.toSeconds() + " s; see " + log);
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ./ledger serve", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SuiteException("interrupted while the service started", e);
    }
  }

  private static int port(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  Start startup() {
    return start;
  }

  long pid() {
    return process.pid();
  }

  long postmasterPid() {
    return postmasterPid(dataDir);
  }

  long redisPid() {
    return redisPid(dataDir);
  }

  private static long postmasterPid(Path dataDir) {
    return Proc.pidFile(dataDir.resolve("postgres/postmaster.pid")).orElse(0);
  }

  private static long redisPid(Path dataDir) {
    return Proc.pidFile(dataDir.resolve("redis/redis.pid")).orElse(0);
  }

  String grpcTarget() {
    return "127.0.0.1:" + grpcPort;
  }

  String metricsUrl() {
    return "http://127.0.0.1:" + httpPort + "/metrics";
  }

  Path log() {
    return log;
  }

  /**
   * Stops it as Ctrl-C would (SIGTERM: calls in flight finish, then PostgreSQL and Redis stop),
   * and if that takes too long, kills it and whatever it left running.
   */
  @Override
  public void close() {
    long postmaster = postmasterPid();
    long redis = redisPid();
    process.destroy();
    try {
      if (!process.waitFor(45, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    stopEmbedded(redis, postmaster, dataDir);
  }

  /** The embedded servers of a process that did not become ready, which it may have started all the same. */
  private static void stopEmbedded(Path dataDir) {
    stopEmbedded(redisPid(dataDir), postmasterPid(dataDir), dataDir);
  }

  /** Stops the embedded Redis and PostgreSQL (pids read while their process still ran) if they are still up. */
  private static void stopEmbedded(long redis, long postmaster, Path dataDir) {
    stopIfRunning(redis, "redis-server");
    stopIfRunning(postmaster, dataDir.toString());
  }

  /** Stops a server the service should have stopped, if it is still the same process (its command line says so). */
  private static void stopIfRunning(long pid, String commandLineHas) {
    if (pid <= 0 || !Proc.cmdline(pid).contains(commandLineHas)) {
      return;
    }
    ProcessHandle.of(pid).ifPresent(p -> {
      p.destroy();
      try {
        p.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    });
  }

  static OptionalLong freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return OptionalLong.of(socket.getLocalPort());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }
}
