package ledger.app.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded server outlives a ledger process that was killed (kill -9, OOM): its
 * PostgreSQL or Redis keeps running on the data folder. Starting a second one on the
 * same files would fail or, for Redis, corrupt them; so the old one is stopped first.
 */
final class StaleServer {

  private static final Logger LOG = LoggerFactory.getLogger(StaleServer.class);
  private static final Duration GRACE = Duration.ofSeconds(20);

  private StaleServer() {
  }

  /** Stops the process named on the first line of {@code pidFile}, if it runs {@code program}. */
  static void stop(Path pidFile, String program) {
    pid(pidFile).flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().command().map(c -> c.contains(program)).orElse(false))
        .ifPresent(process -> {
          LOG.warn("Stopping {} (pid {}) left running on {} by an earlier ledger process",
              program, process.pid(), pidFile.getParent());
          process.destroy();
          try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().join();
          }
        });
  }

  private static Optional<Long> pid(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
      return Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
