package ledger.app.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything a server process is told, read once from flags and environment by the
 * launcher; {@link LedgerServer} turns it into the roles' configs. Null URLs mean: start
 * the embedded server under {@code dataDir}.
 *
 * @param pgPoolSize           PostgreSQL connections of the command role
 * @param queryPgPoolSize      PostgreSQL connections of the query role (history, time travel)
 * @param redisPoolSize        Redis connections per role
 * @param redisPoolWaiting     Redis calls per role that may queue for a connection before one is refused
 * @param redisWaitingHandlers Redis calls sent on one connection and not yet answered, at most (beyond: UNAVAILABLE)
 * @param appendLingerMicros   group commit: how long an append statement waits after its first command for more
 * @param maxConcurrentStreams gRPC calls (HTTP/2 streams) one client connection may have open at once, streams included
 * @param projectionPartitions partitions of the views (docs/operations.md, "Partitions"): every role of every process must be told the same
 * @param security             TLS, caller authentication and authorization, limits (docs/security.md)
 * @param operations           how the process runs in production: Redis topology, connection lifetimes, tracing, migrations
 */
public record ServerConfig(
    Set<Role> roles,
    String host,
    int grpcPort,
    int httpPort,
    Path dataDir,
    String pgUrl,
    String redisUrl,
    String keyPrefix,
    int eventLoops,
    int pgPoolSize,
    int queryPgPoolSize,
    int redisPoolSize,
    int redisPoolWaiting,
    int redisWaitingHandlers,
    Duration maxTokenWait,
    int snapshotEvery,
    int commandCacheSize,
    int appendBatchMax,
    int appendInFlight,
    long appendLingerMicros,
    int viewCacheSize,
    int maxConcurrentStreams,
    int projectionPartitions,
    Duration shutdownGrace,
    ServerSecurity security,
    ServerOperations operations) {

  /** A linger longer than this would hold every command for longer than a commit ever takes. */
  static final long MAX_APPEND_LINGER_MICROS = 100_000;

  /** The defaults of {@code ./ledger serve}, to adjust with the withers. */
  public static ServerConfig defaults() {
    return new ServerConfig(EnumSet.allOf(Role.class), "0.0.0.0", 9090, 8080, Path.of("data"), null, null,
        "ledger:", Runtime.getRuntime().availableProcessors(), 16, 4, 8, 4096, 16_384, Duration.ofSeconds(5), 100,
        10_000, 256, 2, 0, 100_000, 10_000, 1, Duration.ofSeconds(10), ServerSecurity.defaults(),
        ServerOperations.defaults());
  }

  public ServerConfig withRoles(Set<Role> value) {
    return new ServerConfig(value, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  public ServerConfig withEndpoints(String listenHost, int grpc, int http) {
    return new ServerConfig(roles, listenHost, grpc, http, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  /** Where the embedded servers keep their data, or (with URLs) which servers to use instead. */
  public ServerConfig withStorage(Path data, String postgresUrl, String redis, String prefix) {
    return new ServerConfig(roles, host, grpcPort, httpPort, data, postgresUrl, redis, prefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  public ServerConfig withSizing(int loops, int pgPool, int redisPool) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, loops,
        pgPool, queryPgPoolSize, redisPool, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  public ServerConfig withRedisPoolWaiting(int waiting) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, waiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  public ServerConfig withCommandTuning(int snapshots, int cacheSize, int batchMax, int inFlight) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshots, cacheSize, batchMax, inFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  /** Group commit: how long an append statement waits after its first command for more (0: not at all). */
  public ServerConfig withAppendLinger(long micros) {
    if (micros < 0 || micros > MAX_APPEND_LINGER_MICROS) {
      throw new IllegalArgumentException("--append-linger-us must be 0 to " + MAX_APPEND_LINGER_MICROS
          + " (a tenth of a second), got " + micros);
    }
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, micros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  public ServerConfig withTimeouts(Duration tokenWait, Duration grace) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, tokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams, projectionPartitions, grace, security, operations);
  }

  /** Views the query role keeps in memory in front of Redis (0 reads every view from Redis), and its pool. */
  public ServerConfig withQueryTuning(int viewCache, int pgPool) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, pgPool, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCache, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, operations);
  }

  /**
   * How many calls one client connection may have open at once. HTTP/2 counts streams with
   * 31-bit ids, so an int holds every meaningful value; zero would let a client open nothing.
   */
  public ServerConfig withMaxConcurrentStreams(int streams) {
    if (streams < 1) {
      throw new IllegalArgumentException("--max-concurrent-streams must be between 1 and " + Integer.MAX_VALUE
          + ", got " + streams);
    }
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, streams, projectionPartitions,
        shutdownGrace, security, operations);
  }

  /**
   * Partitions of the views: accounts hashed to that many independent read models, each with
   * its own writer lock and checkpoint ({@code ledger.readmodel.Partitioning}).
   */
  public ServerConfig withProjectionPartitions(int partitions) {
    if (partitions < 1 || partitions > 64) {
      throw new IllegalArgumentException("--projection-partitions must be between 1 and 64, got " + partitions);
    }
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        partitions, shutdownGrace, security, operations);
  }

  /** TLS, authentication, authorization and limits; {@link ServerSecurity#defaults()} is plaintext and open. */
  public ServerConfig withSecurity(ServerSecurity value) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, value, operations);
  }


  /** Redis topology, connection lifetimes, tracing and migrations; {@link ServerOperations#defaults()} suits one host. */
  public ServerConfig withOperations(ServerOperations value) {
    return new ServerConfig(roles, host, grpcPort, httpPort, dataDir, pgUrl, redisUrl, keyPrefix, eventLoops,
        pgPoolSize, queryPgPoolSize, redisPoolSize, redisPoolWaiting, redisWaitingHandlers, maxTokenWait,
        snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight, appendLingerMicros, viewCacheSize, maxConcurrentStreams,
        projectionPartitions, shutdownGrace, security, value);
  }
}
