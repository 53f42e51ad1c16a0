package ledger.app.server;

import java.time.Duration;

import ledger.query.StreamBounds;

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
 * @param schemaWait  without {@code migrate}, how long a start waits for a schema that is behind this build
 *                    before it gives up (exit non-zero); see {@link SchemaGate}
 * @param streams     how far a StreamBalance client may fall behind before its stream is ended STREAM_TOO_SLOW
 */
public record ServerOperations(RedisTopology redis, ConnectionSettings connections, TracingSettings tracing,
    boolean migrate, Duration schemaWait, StreamBounds streams) {

  public ServerOperations(RedisTopology redis, ConnectionSettings connections, TracingSettings tracing,
      boolean migrate, Duration schemaWait) {
    this(redis, connections, tracing, migrate, schemaWait, StreamBounds.DEFAULTS);
  }

  /** One Redis, no connection ageing, no tracing, migrations at start: {@code ./ledger serve}. */
  public static ServerOperations defaults() {
    return new ServerOperations(RedisTopology.defaults(), ConnectionSettings.defaults(), TracingSettings.defaults(),
        true, Duration.ofMinutes(2), StreamBounds.DEFAULTS);
  }

  public ServerOperations withRedis(RedisTopology value) {
    return new ServerOperations(value, connections, tracing, migrate, schemaWait, streams);
  }

  public ServerOperations withConnections(ConnectionSettings value) {
    return new ServerOperations(redis, value, tracing, migrate, schemaWait, streams);
  }

  public ServerOperations withTracing(TracingSettings value) {
    return new ServerOperations(redis, connections, value, migrate, schemaWait, streams);
  }

  public ServerOperations withMigrate(boolean value) {
    return new ServerOperations(redis, connections, tracing, value, schemaWait, streams);
  }

  public ServerOperations withSchemaWait(Duration value) {
    return new ServerOperations(redis, connections, tracing, migrate, value, streams);
  }

  public ServerOperations withStreams(StreamBounds value) {
    return new ServerOperations(redis, connections, tracing, migrate, schemaWait, value);
  }
}
