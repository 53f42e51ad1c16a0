package ledger.app.server;

/**
 * How a server process runs in production (docs/kubernetes.md, docs/operations.md): the
 * shape of its Redis, the lifetime of its clients' connections, tracing, and whether it
 * migrates the schema itself.
 *
 * @param redis       standalone, Sentinel or Cluster, and what each needs
 * @param connections keepalive pings and the age at which a client connection is asked to go
 * @param tracing     OpenTelemetry spans and where they are exported (off by default)
 * @param migrate     whether this process applies pending schema migrations at start (a Kubernetes
 *                    deployment runs them once, in a Job, and starts the roles without)
 */
public record ServerOperations(RedisTopology redis, ConnectionSettings connections, TracingSettings tracing,
    boolean migrate) {

  /** One Redis, no connection ageing, no tracing, migrations at start: {@code ./ledger serve}. */
  public static ServerOperations defaults() {
    return new ServerOperations(RedisTopology.defaults(), ConnectionSettings.defaults(), TracingSettings.defaults(),
        true);
  }

  public ServerOperations withRedis(RedisTopology value) {
    return new ServerOperations(value, connections, tracing, migrate);
  }

  public ServerOperations withConnections(ConnectionSettings value) {
    return new ServerOperations(redis, value, tracing, migrate);
  }

  public ServerOperations withTracing(TracingSettings value) {
    return new ServerOperations(redis, connections, value, migrate);
  }

  public ServerOperations withMigrate(boolean value) {
    return new ServerOperations(redis, connections, tracing, value);
  }
}
