package ledger.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import ledger.app.logs.Lifecycle;
import ledger.app.server.LedgerServer;
import ledger.app.server.Role;
import ledger.app.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledger serve}: runs the server until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Runs the ledger: gRPC on --grpc-port, health and metrics over HTTP on --http-port.",
        "Without LEDGER_PG_URL / LEDGER_REDIS_URL it starts embedded PostgreSQL and Redis with their data",
        "under --data-dir, so a restart finds every account as it was."})
public final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TlsServeOptions tls;

  @Mixin
  CallerAuthOptions callers;

  @Option(names = "--roles", defaultValue = "${env:LEDGER_ROLES:-all}",
      description = "Comma-separated roles: command, projection, query, or all (default: ${DEFAULT-VALUE}; env LEDGER_ROLES).")
  String roles;

  @Option(names = "--host", defaultValue = "${env:LEDGER_HOST:-0.0.0.0}",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; env LEDGER_HOST).")
  String host;

  @Option(names = "--grpc-port", defaultValue = "${env:LEDGER_GRPC_PORT:-9090}",
      description = "gRPC port (default: ${DEFAULT-VALUE}; env LEDGER_GRPC_PORT).")
  int grpcPort;

  @Option(names = "--http-port", defaultValue = "${env:LEDGER_HTTP_PORT:-8080}",
      description = "HTTP port for /health/live, /health/ready, /metrics (default: ${DEFAULT-VALUE}; env LEDGER_HTTP_PORT).")
  int httpPort;

  @Option(names = "--data-dir", defaultValue = "${env:LEDGER_DATA_DIR:-data}",
      description = "Folder for the embedded servers' data (default: ${DEFAULT-VALUE}; env LEDGER_DATA_DIR).")
  Path dataDir;

  @Option(names = "--pg-url", defaultValue = "${env:LEDGER_PG_URL}",
      description = "PostgreSQL to use instead of the embedded one, e.g. postgresql://user:pass@host:5432/ledger (env LEDGER_PG_URL).")
  String pgUrl;

  @Option(names = "--redis-url", defaultValue = "${env:LEDGER_REDIS_URL}",
      description = "Redis to use instead of the embedded one, e.g. redis://host:6379; for --redis-mode sentinel or"
          + " cluster, several endpoints, comma-separated (env LEDGER_REDIS_URL).")
  String redisUrl;

  @Option(names = "--key-prefix", defaultValue = "${env:LEDGER_KEY_PREFIX:-ledger:}",
      description = "Prefix of every Redis key (default: ${DEFAULT-VALUE}; env LEDGER_KEY_PREFIX).")
  String keyPrefix;

  @Option(names = "--event-loops", defaultValue = "${env:LEDGER_EVENT_LOOPS:-0}",
      description = "Vert.x event loops; 0 means one per core (env LEDGER_EVENT_LOOPS).")
  int eventLoops;

  @Option(names = "--pg-pool-size", defaultValue = "${env:LEDGER_PG_POOL_SIZE:-16}",
      description = "PostgreSQL connections of the command role (default: ${DEFAULT-VALUE}; env LEDGER_PG_POOL_SIZE).")
  int pgPoolSize;

  @Option(names = "--query-pg-pool-size", defaultValue = "${env:LEDGER_QUERY_PG_POOL_SIZE:-4}",
      description = "PostgreSQL connections of the query role, for history and time travel "
          + "(default: ${DEFAULT-VALUE}; env LEDGER_QUERY_PG_POOL_SIZE).")
  int queryPgPoolSize;

  @Option(names = "--redis-pool-size", defaultValue = "${env:LEDGER_REDIS_POOL_SIZE:-8}",
      description = "Redis connections per role (default: ${DEFAULT-VALUE}; env LEDGER_REDIS_POOL_SIZE).")
  int redisPoolSize;

  @Option(names = "--redis-pool-waiting", defaultValue = "${env:LEDGER_REDIS_POOL_WAITING:-4096}",
      description = "Redis calls per role that may wait for a free connection; past that a call is refused "
          + "as UNAVAILABLE (default: ${DEFAULT-VALUE}; env LEDGER_REDIS_POOL_WAITING).")
  int redisPoolWaiting;

  @Option(names = "--max-token-wait-ms", defaultValue = "${env:LEDGER_MAX_TOKEN_WAIT_MS:-5000}",
      description = "Longest a read waits for its consistency token (default: ${DEFAULT-VALUE}; env LEDGER_MAX_TOKEN_WAIT_MS).")
  long maxTokenWaitMillis;

  @Option(names = "--snapshot-every", defaultValue = "${env:LEDGER_SNAPSHOT_EVERY:-100}",
      description = "Snapshot an account's state every N events (default: ${DEFAULT-VALUE}; env LEDGER_SNAPSHOT_EVERY).")
  int snapshotEvery;

  @Option(names = "--command-cache-size", defaultValue = "${env:LEDGER_COMMAND_CACHE_SIZE:-10000}",
      description = "Account states the command role keeps in memory; 0 loads every account for every command "
          + "(default: ${DEFAULT-VALUE}; env LEDGER_COMMAND_CACHE_SIZE).")
  int commandCacheSize;

  @Option(names = "--view-cache-size", defaultValue = "${env:LEDGER_VIEW_CACHE_SIZE:-100000}",
      description = "Balance views the query role keeps in memory in front of Redis, fed by the projection's "
          + "announcements; 0 reads every view from Redis (default: ${DEFAULT-VALUE}; env LEDGER_VIEW_CACHE_SIZE).")
  int viewCacheSize;

  @Option(names = "--append-batch-max", defaultValue = "${env:LEDGER_APPEND_BATCH_MAX:-256}",
      description = "Group commit: most commands appended in one statement (default: ${DEFAULT-VALUE}; "
          + "env LEDGER_APPEND_BATCH_MAX).")
  int appendBatchMax;

  @Option(names = "--append-in-flight", defaultValue = "${env:LEDGER_APPEND_IN_FLIGHT:-2}",
      description = "Group commit: most append statements running at once (default: ${DEFAULT-VALUE}; "
          + "env LEDGER_APPEND_IN_FLIGHT).")
  int appendInFlight;

  @Option(names = "--append-linger-us", defaultValue = "${env:LEDGER_APPEND_LINGER_US:-0}",
      description = "Group commit: microseconds an append statement may wait after its first command for more to "
          + "share it, only while commands arrive faster than one per linger: fewer statements (commits, WAL "
          + "flushes, tail reads), so less CPU per command, for up to that much latency (default: ${DEFAULT-VALUE}; "
          + "env LEDGER_APPEND_LINGER_US).")
  long appendLingerMicros;

  @Option(names = "--max-concurrent-streams", defaultValue = "${env:LEDGER_MAX_CONCURRENT_STREAMS:-10000}",
      description = "Calls one client connection may have open at once, StreamBalance streams included; "
          + "further calls wait in the client (default: ${DEFAULT-VALUE}; env LEDGER_MAX_CONCURRENT_STREAMS).")
  int maxConcurrentStreams;

  @Option(names = "--projection-partitions", defaultValue = "${env:LEDGER_PROJECTION_PARTITIONS:-1}",
      description = "Partitions of the views, 1 to 64: accounts are hashed to that many, each with its own writer"
          + " lock and checkpoint, so projection work spreads over processes. Give every process of a deployment,"
          + " whatever its roles, the same value (default: ${DEFAULT-VALUE}; env LEDGER_PROJECTION_PARTITIONS).")
  int projectionPartitions;

  @Mixin
  BackendTlsOptions backendTls;

  @Mixin
  RedisTopologyOptions redisTopology;

  @Option(names = "--shutdown-grace-ms", defaultValue = "${env:LEDGER_SHUTDOWN_GRACE_MS:-10000}",
      description = "On SIGTERM, how long unary calls in flight may take to finish; streams end at once with "
          + "UNAVAILABLE SHUTTING_DOWN (default: ${DEFAULT-VALUE}; env LEDGER_SHUTDOWN_GRACE_MS).")
  long shutdownGraceMillis;

  @Mixin
  LimitOptions limits;

  @Mixin
  MessageSizeOptions messageSize;

  @Mixin
  MigrationOptions migrations;

  @Mixin
  LogOptions logs;

  @Mixin
  TracingOptions tracing;

  @Mixin
  ConnectionOptions connections;

  @Mixin
  StreamOptions streams;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    logs.apply();
    ServerConfig config = validConfig();
    LedgerServer server;
    try {
      server = LedgerServer.start(config);
    } catch (Exception e) { // Future.await() rethrows a connection failure as the checked exception it is
      Lifecycle.failed(e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Lifecycle.stopping();
      server.close();
      Lifecycle.stopped();
      stopped.countDown();
    }, "ledger-shutdown"));
    Lifecycle.ready(config, (System.nanoTime() - started) / 1_000_000);
    stopped.await();
    return 0;
  }

  /** The configuration, or a usage error (message and --help, exit code 2) like any other bad flag value. */
  private ServerConfig validConfig() {
    try {
      return config();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  ServerConfig config() {
    ServerConfig config = callers.applyTo(limits.applyTo(ServerConfig.defaults()))
        .withRoles(Role.parse(roles))
        .withEndpoints(host, grpcPort, httpPort)
        .withStorage(dataDir, blankToNull(pgUrl), blankToNull(redisUrl), keyPrefix)
        .withSizing(eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors(), pgPoolSize, redisPoolSize)
        .withCommandTuning(snapshotEvery, commandCacheSize, appendBatchMax, appendInFlight)
        .withAppendLinger(appendLingerMicros)
        .withRedisPoolWaiting(redisPoolWaiting)
        .withQueryTuning(viewCacheSize, queryPgPoolSize)
        .withMaxConcurrentStreams(maxConcurrentStreams)
        .withProjectionPartitions(projectionPartitions)
        .withTimeouts(Duration.ofMillis(maxTokenWaitMillis), Duration.ofMillis(shutdownGraceMillis));
    config = tls.applyTo(config);
    config = config.withSecurity(config.security().withRedisTls(backendTls.redisTls()));
    config = redisTopology.applyTo(streams.applyTo(connections.applyTo(config)));
    return tracing.applyTo(migrations.applyTo(messageSize.applyTo(config)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
