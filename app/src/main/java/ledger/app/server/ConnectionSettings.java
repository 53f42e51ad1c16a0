package ledger.app.server;

/** Keepalive pings and connection ageing on the gRPC port, so clients behind a load balancer rebalance. */
public record ConnectionSettings() {

  public static ConnectionSettings defaults() {
    return new ConnectionSettings();
  }
}
