package ledger.app.server;

/** How the roles reach Redis: one server, a Sentinel-watched master, or a Cluster (--redis-mode). */
public record RedisTopology() {

  public static RedisTopology defaults() {
    return new RedisTopology();
  }
}
