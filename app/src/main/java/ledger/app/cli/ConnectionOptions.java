package ledger.app.cli;

import java.time.Duration;

import ledger.app.server.ConnectionSettings;
import ledger.app.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code serve}'s keepalive and connection ageing (docs/operations.md, "Graceful shutdown and connection lifetimes"). */
public final class ConnectionOptions {

  @Option(names = "--keepalive-time-ms", defaultValue = "${env:LEDGER_KEEPALIVE_TIME_MS:-60000}",
      description = "Each client connection is sent an HTTP/2 PING this often; 0 turns keepalive off "
          + "(default: ${DEFAULT-VALUE}; env LEDGER_KEEPALIVE_TIME_MS).")
  long keepaliveTimeMillis;

  @Option(names = "--keepalive-timeout-ms", defaultValue = "${env:LEDGER_KEEPALIVE_TIMEOUT_MS:-20000}",
      description = "A connection whose PING is not answered within this is closed "
          + "(default: ${DEFAULT-VALUE}; env LEDGER_KEEPALIVE_TIMEOUT_MS).")
  long keepaliveTimeoutMillis;

  @Option(names = "--max-connection-age-ms", defaultValue = "${env:LEDGER_MAX_CONNECTION_AGE_MS:-0}",
      description = "A connection this old (give or take 10 %) is sent GOAWAY so its client reconnects and load "
          + "spreads again over the instances; 0 turns ageing off (default: ${DEFAULT-VALUE}; "
          + "env LEDGER_MAX_CONNECTION_AGE_MS).")
  long maxConnectionAgeMillis;

  @Option(names = "--max-connection-age-grace-ms", defaultValue = "${env:LEDGER_MAX_CONNECTION_AGE_GRACE_MS:-10000}",
      description = "After that GOAWAY, how long the calls still open on the connection may take before it is "
          + "closed (default: ${DEFAULT-VALUE}; env LEDGER_MAX_CONNECTION_AGE_GRACE_MS).")
  long maxConnectionAgeGraceMillis;

  ConnectionSettings settings() {
    return new ConnectionSettings(Duration.ofMillis(keepaliveTimeMillis), Duration.ofMillis(keepaliveTimeoutMillis),
        Duration.ofMillis(maxConnectionAgeMillis), Duration.ofMillis(maxConnectionAgeGraceMillis));
  }

  /** The configuration with these connection lifetimes. */
  ServerConfig applyTo(ServerConfig config) {
    return config.withOperations(config.operations().withConnections(settings()));
  }
}
