package ledger.app.server;

import java.time.Duration;

/**
 * Keepalive pings and connection ageing on the gRPC port, so clients behind a load balancer
 * rebalance (docs/operations.md, "Graceful shutdown and connection lifetimes"). Zero turns a
 * setting off.
 *
 * @param keepaliveTime         how often each client connection is sent an HTTP/2 PING
 * @param keepaliveTimeout      how long a PING may go unanswered before the connection is closed
 * @param maxConnectionAge      the age (give or take {@link #AGE_JITTER}) at which a connection is sent
 *                              GOAWAY, so its client reconnects, perhaps to another instance
 * @param maxConnectionAgeGrace how long calls still open on an aged connection may take before it is closed
 */
public record ConnectionSettings(Duration keepaliveTime, Duration keepaliveTimeout, Duration maxConnectionAge,
    Duration maxConnectionAgeGrace) {

  /** A connection's age limit varies by up to this fraction either way, so connections made together do not all go together. */
  public static final double AGE_JITTER = 0.1;

  public ConnectionSettings {
    requireNotNegative("--keepalive-time-ms", keepaliveTime);
    requireNotNegative("--keepalive-timeout-ms", keepaliveTimeout);
    requireNotNegative("--max-connection-age-ms", maxConnectionAge);
    requireNotNegative("--max-connection-age-grace-ms", maxConnectionAgeGrace);
    if (!keepaliveTime.isZero() && keepaliveTimeout.isZero()) {
      throw new IllegalArgumentException("--keepalive-timeout-ms must be positive while --keepalive-time-ms is on");
    }
  }

  /**
   * A PING a minute, well inside the idle timeouts of common load balancers and NATs (AWS NLB 350 s,
   * Azure 240 s), answered within 20 s (grpc-java's own keepalive timeout); no ageing.
   */
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ZERO,
        Duration.ofSeconds(10));
  }

  public boolean keepalive() {
    return !keepaliveTime.isZero();
  }

  public boolean ageing() {
    return !maxConnectionAge.isZero();
  }

  private static void requireNotNegative(String flag, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(flag + " must be 0 (off) or more, got " + value);
    }
  }
}
