package ledger.query;

import static ledger.testkit.Waits.await;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import ledger.readmodel.Partitioning;
import ledger.store.pg.SchemaMigrator;
import ledger.testkit.ClassFixture;
import ledger.testkit.RedisProbe;
import ledger.testkit.TestInfra;

/**
 * One query test class's world, as a JUnit extension ({@code @RegisterExtension static}):
 * a migrated database and a Redis key prefix of its own, a query node serving them over
 * real gRPC with a client of each kind, a writer appending accounts to the store, the
 * projection (stepped by hand) that writes their views, and a probe of the Redis server.
 */
final class QueryTestbed extends ClassFixture {

  private final Duration maxWait;
  private final RedisOptions nodeRedis;
  private final int nodePostgresPort;
  private final Map<QueryClient.Kind, QueryClient> clients = new EnumMap<>(QueryClient.Kind.class);
  private PgConnectOptions database;
  private String prefix;
  private Vertx vertx;
  private QueryNode node;
  private StoreWriter writer;
  private ManualProjection projection;
  private RedisProbe redis;

  private QueryTestbed(Duration maxWait, RedisOptions nodeRedis, int nodePostgresPort) {
    this.maxWait = maxWait;
    this.nodeRedis = nodeRedis;
    this.nodePostgresPort = nodePostgresPort;
  }

  /** A node whose token reads wait at most {@code maxWait}. */
  static QueryTestbed waitingAtMost(Duration maxWait) {
    return new QueryTestbed(maxWait, TestInfra.redisOptions(), 0);
  }

  /** The node reads Redis through a pool of these options instead of the usual one. */
  QueryTestbed withNodeRedis(RedisOptions options) {
    return new QueryTestbed(maxWait, options, nodePostgresPort);
  }

  /** The node reaches PostgreSQL on this loopback port (a relay in front of it) instead of directly. */
  QueryTestbed withNodePostgresPort(int port) {
    return new QueryTestbed(maxWait, nodeRedis, port);
  }

  @Override
  protected void open(String testClass) {
    database = TestInfra.freshDatabase(testClass);
    prefix = TestInfra.freshPrefix(testClass);
    vertx = newVertx();
    migrate();
    node = startNode(maxWait);
    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      clients.put(kind, connect(kind, node));
    }
    writer = track(new StoreWriter(vertx, database));
    projection = track(new ManualProjection(vertx, database, prefix));
    redis = track(new RedisProbe(vertx));
  }

  private void migrate() {
    await(new SchemaMigrator(newPool(vertx, database, 1)).migrate());
  }

  /** Another node on the same database and key prefix, as a second process would serve them. */
  QueryNode startNode(Duration maxTokenWait) {
    return startNode(new QueryConfig(maxTokenWait, prefix));
  }

  /** Another node, configured as given (its key prefix aside, which is this class's). */
  QueryNode startNode(QueryConfig config) {
    PgConnectOptions nodeDatabase = nodePostgresPort == 0 ? database
        : new PgConnectOptions(database).setPort(nodePostgresPort);
    return track(QueryNode.start(nodeDatabase, nodeRedis, new QueryConfig(config.maxTokenWait(), prefix,
        config.viewCacheSize(), config.pgPoolSize(), config.readPageSize(), config.feedLiveness(), config.partitions())));
  }

  /** This class's key prefix split into {@code count} partitions. */
  Partitioning partitioning(int count) {
    return new Partitioning(prefix, count);
  }

  /** The writer of partition {@code partition} of {@code count}, stepped by hand; closed with the class. */
  ManualProjection partitionProjection(int count, int partition) {
    return track(new ManualProjection(vertx, database, partitioning(count), partition));
  }

  QueryClient connect(QueryClient.Kind kind, QueryNode target) {
    return track(kind.connect(vertx, target));
  }

  /** A pool of {@code size} connections to this class's database, closed with it. */
  Pool pool(int size) {
    return newPool(vertx, database, size);
  }

  QueryNode node() {
    return node;
  }

  QueryClient client(QueryClient.Kind kind) {
    return clients.get(kind);
  }

  StoreWriter writer() {
    return writer;
  }

  ManualProjection projection() {
    return projection;
  }

  RedisProbe redis() {
    return redis;
  }

  /** How many connections listen to this class's feed channel: the node's subscription, once it is up. */
  long feedSubscribers() {
    return redis.subscribers(projection.feedChannel());
  }
}
