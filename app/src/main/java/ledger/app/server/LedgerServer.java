package ledger.app.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.grpc.server.Service;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.app.auth.JwtCallGates;
import ledger.command.CommandConfig;
import ledger.command.CommandVerticle;
import ledger.grpc.CallGates;
import ledger.grpc.ServerDrain;
import ledger.projection.ProjectionConfig;
import ledger.projection.ProjectionVerticle;
import ledger.query.QueryConfig;
import ledger.query.QueryVerticle;
import ledger.readmodel.Partitioning;
import ledger.readmodel.RedisClients;
import ledger.readmodel.ViewReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ledger process: backends (embedded or given), schema, the verticles of its roles,
 * the gRPC port and the HTTP port. {@link #start} and {@link #close} block, and are
 * called from the launcher's thread, never from an event loop.
 */
public final class LedgerServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerServer.class);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  private final ServerConfig config;
  private final Telemetry telemetry;
  private final EmbeddedBackends embedded = new EmbeddedBackends();
  private final Metrics metrics = new Metrics();
  private final List<String> roleDeployments = new ArrayList<>();
  private final ServerDrain drain = new ServerDrain();
  private Vertx vertx;
  private Pool probePool;
  private Redis probeRedis;
  private Readiness readiness;
  private HttpEndpoint http;
  private Transport transport;
  private String endpointDeployment;
  private ProjectionVerticle projection;
  private PgConnectOptions database;
  private boolean closed;

  private LedgerServer(ServerConfig config, Telemetry telemetry) {
    this.config = config;
    this.telemetry = telemetry;
  }

  public static LedgerServer start(ServerConfig config) {
    return start(config, Telemetry.of(config.operations().tracing()));
  }

  /** With spans made by {@code telemetry} (docs/operations.md, "Tracing"), which {@link #close} closes. */
  public static LedgerServer start(ServerConfig config, Telemetry telemetry) {
    LedgerServer server = new LedgerServer(config, telemetry);
    try {
      server.boot();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void boot() {
    // Checked before anything starts: bad TLS files stop the process at once, with the flag and file named.
    TlsMaterial tls = config.security().tls().enabled() ? TlsMaterial.load(config.security().tls()) : null;
    // Every role reads PostgreSQL (the query role for history and time travel); the command role needs no Redis.
    boolean needsRedis = config.roles().contains(Role.PROJECTION) || config.roles().contains(Role.QUERY);
    // The two embedded servers start side by side: start-up time is the slower of them, not the sum.
    // Redis's executable is written out first, before PostgreSQL forks anything (see prepareRedis).
    boolean embeddedRedis = needsRedis && config.redisUrl() == null;
    if (embeddedRedis) {
      config.operations().redis().checkEmbedded();
    }
    if (embeddedRedis) {
      embedded.prepareRedis(config.dataDir());
    }
    CompletableFuture<String> redisStarted = !embeddedRedis
        ? CompletableFuture.completedFuture(config.redisUrl())
        : CompletableFuture.supplyAsync(embedded::startRedis);
    String pgUrl = config.pgUrl() != null ? config.pgUrl() : embedded.startPostgres(config.dataDir());
    String redisUrl = redisStarted.join();

    vertx = telemetry.install(Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(config.eventLoops())
            // epoll where the platform has it (app/pom.xml), NIO elsewhere
            .setPreferNativeTransport(true)
            // Per-request HTTP server and event-bus meters cost a registry lookup on every call;
            // ledger_rpc_server_seconds already measures every RPC by method and status.
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)))
        .withMetrics(new MicrometerMetricsFactory(metrics.registry())))
        .build();
    LOG.info("Network I/O: {}", vertx.isNativeTransportEnabled() ? "native epoll"
        : "NIO (native transport unavailable: " + vertx.unavailableNativeTransportCause() + ")");

    transport = tls != null ? Transport.tls(vertx, tls, metrics.registry()) : Transport.plaintext(config.host());
    database = postgresOptions(pgUrl);
    RedisOptions redis = needsRedis ? redisOptions(redisUrl) : null;
    UnverifiedBackends.warnings(database, redis != null ? redisUrl : null).forEach(LOG::warn);
    // A backend that cannot be reached as its URL asks (TLS above all) stops the start with the reason.
    check(PostgresTlsCheck.run(vertx, database));
    probePool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("ledger-probe")).connectingTo(database)
        .using(vertx).build();
    SchemaGate.pass(probePool, config.operations());
    if (redis != null) {
      probeRedis = RedisClients.create(vertx, new RedisOptions(redis).setMaxPoolSize(1).setPoolName("ledger-probe"));
      check(RedisCheck.run(probeRedis, config.operations().redis(), redisUrl,
          config.security().redisTls().ca() != null));
    }
    readiness = new Readiness(probePool, probeRedis);
    if (probeRedis != null) {
      Partitioning partitioning = new Partitioning(config.keyPrefix(), config.projectionPartitions());
      readiness.detail("degraded_accounts", () -> Future.all(partitioning.partitions()
              .mapToObj(p -> ViewReads.live(probeRedis, partitioning.keys(p))
                  .compose(live -> probeRedis.send(Request.cmd(Command.SCARD).arg(live.degraded())))
                  .map(Response::toLong))
              .toList())
          .map(counts -> counts.<Long>list().stream().mapToLong(Long::longValue).sum()));
    }

    // Key files are read here, before any verticle starts: a bad key stops the start with its reason.
    CallGates gates = JwtCallGates.of(vertx, config.security().auth(), metrics.authObserver());
    List<Service> services = deployRoles(database, redis, gates);
    int instances = config.eventLoops();
    endpointDeployment = await(vertx.deployVerticle(() -> new GrpcEndpointVerticle(config.host(), config.grpcPort(),
        config.maxConcurrentStreams(), maxMessageBytes(), services, readiness, config.shutdownGrace().toMillis(),
        transport, config.security().reflection(), config.operations().connections()),
        new DeploymentOptions().setInstances(instances)), "gRPC endpoint");
    http = new HttpEndpoint(vertx, readiness, metrics.registry(), transport);
    await(http.listen(config.host(), config.httpPort()), "HTTP endpoint");
    readiness.started();
  }

  private List<Service> deployRoles(PgConnectOptions database, RedisOptions redis, CallGates gates) {
    List<Service> services = new ArrayList<>();
    ProcessLimits limits = new ProcessLimits(config.security().limits(), metrics.limitObserver(), drain);
    if (config.roles().contains(Role.COMMAND)) {
      CommandVerticle command = new CommandVerticle(database, commandConfig(), metrics.rpcObserver(),
          metrics.commandObserver(), gates, limits.commands()).traced(telemetry.tracing());
      roleDeployments.add(await(vertx.deployVerticle(command), "command role"));
      services.add(command.service());
      metrics.gauge("ledger.command.held", "Commands the command role holds (waiting or being appended);"
          + " at --append-queue-max further ones are refused APPEND_QUEUE_FULL", command::heldCommands);
    }
    if (config.roles().contains(Role.PROJECTION)) {
      projection = new ProjectionVerticle(database, redis, projectionConfig(), metrics::projectionObserver,
          metrics.rpcObserver(), gates, limits.streaming()).traced(telemetry.tracing());
      roleDeployments.add(await(vertx.deployVerticle(projection), "projection role"));
      services.add(projection.service());
    }
    if (config.roles().contains(Role.QUERY)) {
      QueryVerticle query = new QueryVerticle(redis, database, queryConfig(), metrics.rpcObserver(), gates,
          limits.streaming(), metrics.queryObserver()).traced(telemetry.tracing());
      roleDeployments.add(await(vertx.deployVerticle(query), "query role"));
      services.add(query.service());
      metrics.gauge("ledger.query.token.waiters", "Reads waiting for a consistency token", query::tokenWaiters);
      metrics.gauge("ledger.query.streams", "Open StreamBalance calls", query::liveStreams);
      metrics.gauge("ledger.query.stream.queued", "Changes StreamBalance calls hold for their clients: announced"
          + " while the transport was full (at most --stream-queue-max per stream) or read from the event store and"
          + " not sent yet (at most a page of 500 per stream)",
          query::queuedStreamChanges);
      metrics.gauge("ledger.query.streams.closing", "StreamBalance calls ended STREAM_TOO_SLOW whose status still"
          + " waits behind data their client has not read (reset after --stream-stall-timeout-ms)",
          query::closingStreams);
    }
    return services;
  }

  // The one place where the process's configuration becomes the roles' configurations.

  private CommandConfig commandConfig() {
    return CommandConfig.defaults().withSnapshotEvery(config.snapshotEvery()).withCacheSize(config.commandCacheSize())
        .withBatching(config.appendBatchMax(), config.appendInFlight(), config.appendLingerMicros())
        .withPgPoolSize(config.pgPoolSize())
        .withQueueMax(config.security().limits().appendQueueMax())
        .withMaxMessageBytes(maxMessageBytes());
  }

  private ProjectionConfig projectionConfig() {
    return ProjectionConfig.defaults(config.keyPrefix()).withPartitions(config.projectionPartitions())
        .withMaxMessageBytes(maxMessageBytes());
  }

  private QueryConfig queryConfig() {
    return new QueryConfig(config.maxTokenWait(), config.keyPrefix()).withViewCacheSize(config.viewCacheSize())
        .withPgPoolSize(config.queryPgPoolSize()).withPartitions(config.projectionPartitions())
        .withMaxMessageBytes(maxMessageBytes()).withStreamBounds(config.operations().streams());
  }

  /** The gRPC server and every role's bindings share one limit (docs/security.md, "Hostile input"). */
  private long maxMessageBytes() {
    return config.security().limits().maxMessageBytes();
  }

  private PgConnectOptions postgresOptions(String url) {
    return SecretUrls.parsing(url, () -> PostgresUrl.options(url))
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  private RedisOptions redisOptions(String url) {
    return SecretUrls.parsing(url, () -> {
      // every endpoint of a list, here where a failure is redacted: later readers (warnings, the
      // start-up check, the cluster's seed) parse them again and would quote one whole
      config.operations().redis().endpoints(url).forEach(java.net.URI::create);
      return redisOptionsOf(url);
    });
  }

  private RedisOptions redisOptionsOf(String url) {
    RedisTopology topology = config.operations().redis();
    RedisOptions options = topology.applyTo(url, new RedisOptions())
        .setMaxPoolSize(config.redisPoolSize())
        .setMaxPoolWaiting(config.redisPoolWaiting())
        .setMaxWaitingHandlers(config.redisWaitingHandlers());
    // A peer that vanished is found by the OS's keepalive; the feed's PING finds it within seconds.
    options.getNetClientOptions().setTcpKeepAlive(true);
    config.security().redisTls().applyTo(topology.endpoints(url).get(0), options.getNetClientOptions());
    return options;
  }

  /** The projection role of this process, when it has one. */
  public ProjectionVerticle projection() {
    return projection;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The PostgreSQL this process uses (the embedded one, unless a URL was given). */
  public PgConnectOptions database() {
    return new PgConnectOptions(database);
  }

  /**
   * The graceful stop (docs/operations.md, "Graceful shutdown and connection lifetimes"): unready
   * first, then new calls refused UNAVAILABLE SHUTTING_DOWN and open streams ended with it, then the
   * unary calls in flight finish within the shutdown grace (GOAWAY), then the roles stop (the
   * projection checkpoints and gives its lock back), then the embedded servers.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (readiness != null) {
      readiness.stopping();
    }
    if (vertx != null) {
      long stopping = System.nanoTime();
      int streams = drain.openStreams();
      quietly(drain.start(), "open streams");
      LOG.info("Stopping: not ready, new calls refused UNAVAILABLE SHUTTING_DOWN, {} open streams ended", streams);
      unaryCallsFinish();
      if (endpointDeployment != null) {
        quietly(vertx.undeploy(endpointDeployment), "gRPC endpoint");
        LOG.info("gRPC calls in flight finished after {} ms", (System.nanoTime() - stopping) / 1_000_000);
      }
      if (http != null) {
        quietly(http.close(), "HTTP endpoint");
      }
      for (int i = roleDeployments.size() - 1; i >= 0; i--) {
        quietly(vertx.undeploy(roleDeployments.get(i)), "role");
      }
      LOG.info("Roles stopped after {} ms", (System.nanoTime() - stopping) / 1_000_000);
      if (transport != null) {
        transport.close();
      }
      if (probePool != null) {
        quietly(probePool.close(), "probe pool");
      }
      if (probeRedis != null) {
        probeRedis.close();
      }
      quietly(vertx.close(), "Vert.x");
    }
    telemetry.close();
    embedded.close();
  }

  /**
   * Waits, within the shutdown grace, until every unary call in flight was answered, before any
   * connection is closed: HttpServer.shutdown(grace) alone did not wait for them (ServerDrain#idle).
   */
  private void unaryCallsFinish() {
    try {
      drain.idle().await(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("{} unary calls still in flight after the shutdown grace of {} ms; their connections close now",
          drain.unaryInFlight(), config.shutdownGrace().toMillis());
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not start within " + STEP_TIMEOUT.toSeconds() + " s", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(what + " failed to start: " + e.getMessage(), e);
    }
  }

  /** Waits for a backend check, whose failure is already worded for the operator and stops the start as it is. */
  private static void check(Future<Void> check) {
    try {
      check.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("a backend check did not finish within " + STEP_TIMEOUT.toSeconds() + " s", e);
    }
  }

  private static void quietly(Future<?> future, String what) {
    try {
      future.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("{} did not stop cleanly: {}", what, e.toString());
    }
  }
}
