package ledger.query;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.grpc.server.Service;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.grpc.CallLimits;
import ledger.grpc.CallGates;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.grpc.Scopes;
import ledger.grpc.Tracing;
import ledger.grpc.UnavailableBackends;
import ledger.readmodel.RedisClients;
import ledger.readmodel.RedisFailures;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.PgFailures;
import ledger.store.pg.SnapshotStore;

/**
 * The query role: owns the Redis client, the views of every partition with their feed
 * subscriptions, and a PostgreSQL pool (for history and time travel, which read the event
 * store), and hands out the QueryService that the process's gRPC endpoint serves on every
 * event loop.
 */
public final class QueryVerticle extends VerticleBase {

  private final RedisOptions redisOptions;
  private final PgConnectOptions database;
  private final QueryConfig config;
  private final RpcObserver observer;
  private final CallLimits limits;
  private final CallGates gates;
  private final QueryObserver queryObserver;
  private Redis redis;
  private Pool pool;
  private ViewPartitions views;
  private Service service;
  private Tracing tracing = Tracing.OFF;
  private final StreamPressure pressure = new StreamPressure();

  public QueryVerticle(RedisOptions redisOptions, PgConnectOptions database, QueryConfig config,
                       RpcObserver observer) {
    this(redisOptions, database, config, observer, CallGates.OPEN, CallLimits.NONE);
  }

  /** {@code limits}: the per-caller limits every call passes first (open streams). */
  public QueryVerticle(RedisOptions redisOptions, PgConnectOptions database, QueryConfig config,
                       RpcObserver observer, CallLimits limits) {
    this(redisOptions, database, config, observer, CallGates.OPEN, limits);
  }

  /** {@code gates} admits each call (scope {@code ledger.read}) when it arrives. */
  public QueryVerticle(RedisOptions redisOptions, PgConnectOptions database, QueryConfig config,
                       RpcObserver observer, CallGates gates) {
    this(redisOptions, database, config, observer, gates, CallLimits.NONE);
  }

  /** {@code gates} admits each call when it arrives; {@code limits} then holds the caller to its limits. */
  public QueryVerticle(RedisOptions redisOptions, PgConnectOptions database, QueryConfig config,
                       RpcObserver observer, CallGates gates, CallLimits limits) {
    this(redisOptions, database, config, observer, gates, limits, QueryObserver.NONE);
  }

  /** As above, with {@code queryObserver} told how each consistency-token wait ended. */
  public QueryVerticle(RedisOptions redisOptions, PgConnectOptions database, QueryConfig config,
                       RpcObserver observer, CallGates gates, CallLimits limits, QueryObserver queryObserver) {
    this.queryObserver = queryObserver;
    this.gates = gates;
    this.redisOptions = redisOptions;
    this.database = database;
    this.config = config;
    this.observer = observer;
    this.limits = limits;
  }

  /** Spans of calls and token waits (docs/operations.md, "Tracing"); set before deployment. */
  public QueryVerticle traced(Tracing value) {
    this.tracing = value;
    return this;
  }

  @Override
  public Future<?> start() {
    // Each partition's feed subscription holds a pooled connection for as long as it lives: the
    // reads keep the connections they had with one partition.
    // Named, so its pool's metrics (pool_type="redis") are not mixed with the projection's.
    redis = RedisClients.create(vertx, new RedisOptions(redisOptions).setPoolName("ledger-query")
        .setMaxPoolSize(redisOptions.getMaxPoolSize() + config.partitions() - 1));
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(config.pgPoolSize()).setName("ledger-query"))
        .connectingTo(database).using(vertx).build();
    PgEventStore events = new PgEventStore(pool);
    SnapshotStore snapshots = new SnapshotStore(pool);
    AccountLoader loader = new AccountLoader(events, snapshots, config.readPageSize());
    StoreQueries store = new StoreQueries(events, snapshots, loader);
    views = new ViewPartitions(vertx, redis, config, new StoreReplays(events, loader), queryObserver);
    StreamBalanceCall streaming = new StreamBalanceCall(views, events, loader, config, pressure, queryObserver);
    service = new QueryApi(views, store, streaming, config, new WaitSpans(tracing)).service(new Rpc(
        new UnavailableBackends("the read views or the event store did not answer; the read may be retried",
            RedisFailures::isUnavailable, PgFailures::isUnavailable), observer, gates.requiring(Scopes.READ), limits,
        config.maxMessageBytes()).traced(tracing));
    return Future.all(views.refreshGenerations(), pool.query("SELECT 1").execute())
        .compose(reachable -> views.subscribe());
  }

  @Override
  public Future<?> stop() {
    return views.close().eventually(() -> pool.close()).eventually(() -> {
      redis.close();
      return Future.succeededFuture();
    });
  }

  public Service service() {
    return service;
  }

  /** Balance streams open right now, in every partition. */
  public int liveStreams() {
    return views.liveStreams();
  }

  /** Changes announced to balance streams that wait in their queues for a slow client, in every partition. */
  public long queuedStreamChanges() {
    return pressure.queued();
  }

  /** Balance streams ended STREAM_TOO_SLOW whose status still waits behind data their client has not read. */
  public long closingStreams() {
    return pressure.closing();
  }

  /** Reads waiting for a consistency token right now, in every partition. */
  public int tokenWaiters() {
    return views.waiting();
  }

  public Redis redis() {
    return redis;
  }
}
