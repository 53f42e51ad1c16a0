package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.pgclient.PgConnectOptions;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.app.server.LimitSettings;
import ledger.app.server.RedisTls;
import ledger.app.server.RedisTopology;
import ledger.app.server.Role;
import ledger.app.server.Telemetry;
import ledger.app.server.ServerConfig;
import ledger.testkit.BackendCertificates;
import ledger.testkit.ClassFixture;
import ledger.testkit.EmbeddedRedisCluster;
import ledger.testkit.EmbeddedRedisSentinel;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;

/**
 * A whole ledger process (every role, unless told otherwise) on free ports, over the test JVM's real PostgreSQL
 * and Redis with a database and key prefix of its own, plus a client of each kind: a
 * JUnit extension ({@code @RegisterExtension static}) whose fields are set before the
 * class's first {@code @BeforeAll} method runs.
 */
public final class ServerFixture extends ClassFixture {

  // HTTP/1.1: the JDK client's h2c upgrade once read a scrape's body as HTTP/2 frames ("Frame type(103) ... exceeds MAX_FRAME_SIZE")
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The snapshot interval the command role runs with unless a test asks for another. */
  static final int DEFAULT_SNAPSHOT_EVERY = 100;

  private final int snapshotEvery;
  private final Set<Role> roles;
  private final int projectionPartitions;
  private UnaryOperator<ServerConfig> adjust = UnaryOperator.identity();
  private int clusterMasters;
  private boolean ownSentinel;
  private boolean clusterTls;
  /** The CA of the TLS cluster's certificates ({@link #onRedisClusterTls}), else null. */
  Path redisCa;
  /** The Redis Cluster of its own the process runs on ({@link #onRedisCluster}), else null. */
  EmbeddedRedisCluster redisCluster;
  /** The Sentinel-watched master and replica of its own the process runs on ({@link #onRedisSentinel}), else null. */
  EmbeddedRedisSentinel redisSentinel;
  private long maxMessageBytes = LimitSettings.defaults().maxMessageBytes();
  private Telemetry telemetry;
  public int grpcPort;
  int httpPort;
  LedgerServer server;
  public Vertx clientVertx;
  GrpcCalls vertxClient;
  public ManagedChannel channel;
  /** The process's own database, for tests that check the event store with plain SQL. */
  PgConnectOptions database;
  /** The prefix of the process's Redis keys, for tests that look at or damage its views. */
  String keyPrefix;
  private StoreAudit audit;

  public ServerFixture() {
    this(DEFAULT_SNAPSHOT_EVERY);
  }

  /** A process whose command role snapshots each account every {@code snapshotEvery} events. */
  ServerFixture(int snapshotEvery) {
    this(snapshotEvery, EnumSet.allOf(Role.class));
  }

  /** A process that runs only the given roles. */
  ServerFixture(Set<Role> roles) {
    this(DEFAULT_SNAPSHOT_EVERY, roles);
  }

  /** A process that runs only the given roles, its views split into {@code projectionPartitions} partitions. */
  ServerFixture(Set<Role> roles, int projectionPartitions) {
    this(DEFAULT_SNAPSHOT_EVERY, roles, projectionPartitions);
  }

  /** A process of every role whose configuration the test adjusts last (limits, tuning). */
  public static ServerFixture adjusted(UnaryOperator<ServerConfig> adjust) {
    ServerFixture fixture = new ServerFixture();
    fixture.adjust = adjust;
    return fixture;
  }

  /**
   * A process of every role on a Redis Cluster of {@code masters} masters of its own
   * ({@code --redis-mode cluster}), started before the process and stopped after it.
   */
  static ServerFixture onRedisCluster(int masters) {
    ServerFixture fixture = new ServerFixture();
    fixture.clusterMasters = masters;
    return fixture;
  }

  /** As {@link #onRedisCluster}, every node speaking TLS only and the process reaching them with {@code rediss://}. */
  static ServerFixture onRedisClusterTls(int masters) {
    ServerFixture fixture = onRedisCluster(masters);
    fixture.clusterTls = true;
    return fixture;
  }

  /**
   * A process of every role on a master found through a sentinel ({@code --redis-mode sentinel}),
   * with a replica to fail over to, started before the process and stopped after it.
   */
  static ServerFixture onRedisSentinel() {
    ServerFixture fixture = new ServerFixture();
    fixture.ownSentinel = true;
    return fixture;
  }

  private ServerFixture(int snapshotEvery, Set<Role> roles) {
    this(snapshotEvery, roles, 1);
  }

  private ServerFixture(int snapshotEvery, Set<Role> roles, int projectionPartitions) {
    this.snapshotEvery = snapshotEvery;
    this.roles = Set.copyOf(roles);
    this.projectionPartitions = projectionPartitions;
  }

  /** This fixture with its spans made by {@code value} (tracing on, whatever the configuration says). */
  ServerFixture traced(Telemetry value) {
    this.telemetry = value;
    return this;
  }

  /** This fixture with another limit on a request message's size ({@code --max-message-size}). */
  ServerFixture withMaxMessageBytes(long bytes) {
    this.maxMessageBytes = bytes;
    return this;
  }

  @Override
  protected void open(String testClass) throws java.io.IOException {
    grpcPort = TestInfra.freePort();
    httpPort = TestInfra.freePort();
    database = TestInfra.freshDatabase(testClass);
    keyPrefix = TestInfra.freshPrefix(testClass);
    String redisUrl = TestInfra.redisUrl();
    if (clusterMasters > 0) {
      if (clusterTls) {
        Path dir = java.nio.file.Files.createTempDirectory("ledger-cluster-tls");
        BackendCertificates.Authority authority = BackendCertificates.in(dir).authority("cluster-ca");
        redisCa = authority.certificateFile();
        redisCluster = track(EmbeddedRedisCluster.startTls(clusterMasters, authority.peer("cluster-node", "127.0.0.1"),
            redisCa));
      } else {
        redisCluster = track(EmbeddedRedisCluster.start(clusterMasters));
      }
      redisUrl = redisCluster.url();
    }
    if (ownSentinel) {
      redisSentinel = track(EmbeddedRedisSentinel.start());
      redisUrl = redisSentinel.url();
    }
    ServerConfig config = ServerConfig.defaults()
        .withRoles(roles)
        .withEndpoints("127.0.0.1", grpcPort, httpPort)
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(database), redisUrl, keyPrefix)
        .withSizing(2, 8, 4)
        .withCommandTuning(snapshotEvery, 10_000, 256, 2)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2))
        .withProjectionPartitions(projectionPartitions);
    config = config.withSecurity(config.security()
        .withLimits(config.security().limits().withMaxMessageBytes(maxMessageBytes)));
    if (redisCluster != null) {
      config = config.withOperations(config.operations()
          .withRedis(new RedisTopology(RedisTopology.Mode.CLUSTER, RedisTopology.defaults().sentinelMaster())));
    }
    if (redisCa != null) {
      config = config.withSecurity(config.security().withRedisTls(new RedisTls(redisCa, null, null)));
    }
    if (redisSentinel != null) {
      config = config.withOperations(config.operations()
          .withRedis(new RedisTopology(RedisTopology.Mode.SENTINEL, EmbeddedRedisSentinel.MASTER)));
    }
    server = track(telemetry == null ? LedgerServer.start(adjust.apply(config))
        : LedgerServer.start(adjust.apply(config), telemetry));
    clientVertx = newVertx();
    vertxClient = track(new GrpcCalls(clientVertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
        Duration.ofSeconds(10)));
    ManagedChannel grpcJava = GrpcJava.channel(grpcPort);
    channel = grpcJava;
    track(() -> GrpcJava.close(grpcJava));
  }

  /** The process's event store as an auditor reads it; opened on first use, closed with the rest. */
  StoreAudit audit() {
    if (audit == null) {
      audit = track(new StoreAudit(clientVertx, database));
    }
    return audit;
  }

  /** A GET of the process's HTTP port (health, metrics), as a scraper sends it. */
  HttpResponse<String> http(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
