package ledger.app.logs;

import java.util.Locale;

import ledger.app.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's start and stop lines, written as log lines (not to stdout beside the log) so that a
 * JSON log holds nothing else. Scripts and tests wait for "Ledger ready" and "Stopped.": keep them.
 */
public final class Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private Lifecycle() {
  }

  public static void ready(ServerConfig config, long millis) {
    String roles = config.roles().toString().toLowerCase(Locale.ROOT);
    LOG.info("Ledger ready in {} ms: gRPC on {}:{}, HTTP on {}:{}, roles {}", millis, config.host(), config.grpcPort(),
        config.host(), config.httpPort(), roles);
  }

  /**
   * A start that failed, as a log line (with its stack trace) rather than picocli's print of the
   * exception, so that a JSON log stays JSON. Messages name backends without their credentials.
   */
  public static void failed(Exception e) {
    LOG.error("Could not start: {}", e.getMessage(), e);
  }

  public static void stopping() {
    LOG.info("Shutting down: finishing calls in flight...");
  }

  public static void stopped() {
    LOG.info("Stopped.");
  }
}
