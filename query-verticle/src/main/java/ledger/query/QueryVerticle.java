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
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.grpc.UnavailableBackends;
import ledger.readmodel.RedisFailures;
import ledger.readmodel.ViewKeys;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.PgFailures;
import ledger.store.pg.SnapshotStore;

/**
 * The query role: owns the Redis client, the feed subscription and a PostgreSQL pool (for
 * history and time travel, which read the event store), and hands out the QueryService
 * that the process's gRPC endpoint serves on every event loop.
 */
public final class QueryVerticle extends VerticleBase {

  private final RedisOptions redisOptions;
  private final PgConnectOptions database;
  private final QueryConfig config;
  private final RpcObserver observer;
  private Redis redis;
  private Pool pool;
  private ViewFeed feed;
  private TokenWaits waits;
  private final BalanceStreams streams = new BalanceStreams();
  private Service service;

  public QueryVerticle(RedisOptions redisOptions, PgConnectOptions database, QueryConfig config,
                       RpcObserver observer) {
    this.redisOptions = redisOptions;
    this.database = database;
    this.config = config;
    this.observer = observer;
  }

  @Override
  public Future<?> start() {
    redis = Redis.createClient(vertx, redisOptions);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(config.pgPoolSize()).setName("ledger-query"))
        .connectingTo(database).using(vertx).build();
    PgEventStore events = new PgEventStore(pool);
    SnapshotStore snapshots = new SnapshotStore(pool);
    AccountLoader loader = new AccountLoader(events, snapshots, config.readPageSize());
    StoreQueries store = new StoreQueries(events, snapshots, loader);
    ViewKeys keys = new ViewKeys(config.keyPrefix());
    ViewCache cache = config.viewCacheSize() > 0 ? new ViewCache(config.viewCacheSize()) : null;
    ViewReader reader = new ViewReader(redis, keys, cache);
    waits = new TokenWaits(vertx, reader, new StoreReplays(events, loader));
    feed = new ViewFeed(vertx, redis, keys.feedChannel(),
        message -> {
          // A switch (or a batch of a later generation) moves the reader to the live generation's
          // keys and empties the cache; a batch of an older one, from a writer that missed the
          // switch, is ignored (docs/storage.md, "Rebuilding every view").
          ViewReader.Heard heard = reader.hear(message);
          if (heard == ViewReader.Heard.OLDER) {
            return;
          }
          // The cache first: a read that this batch wakes may be answered from it.
          if (cache != null) {
            cache.offer(message);
          }
          waits.onFeed(message);
          streams.onFeed(message);
          if (heard == ViewReader.Heard.MOVED) {
            // the old generation's views stop moving, and are then removed: look again in the new one
            waits.recheckAll();
          }
          if (message.viewsForgotten()) {
            // The views were another database's: what streams sent and waiters saw may not exist here.
            waits.recheckAll();
            streams.failAll(new LedgerException(Reason.BACKEND_UNAVAILABLE, "the read views were rebuilt for a"
                + " replaced database; open the stream again"));
          }
        },
        () -> cache != null || waits.waiting() > 0 || streams.live() > 0,
        () -> {
          // Announcements flow again; what was published while they did not is gone, so the
          // cache starts empty and every waiting read and stream reads again.
          if (cache != null) {
            cache.resume();
          }
          waits.recheckAll();
          streams.resync();
          // a switch announced while the feed was down is not heard: ask which generation is live
          reader.refreshGeneration().onComplete(refreshed -> waits.recheckAll());
        },
        () -> {
          if (cache != null) {
            cache.suspend();
          }
        },
        config.feedLiveness());
    StreamBalanceCall streaming = new StreamBalanceCall(waits, streams, events, loader, config);
    service = new QueryApi(waits, store, streaming, config).service(new Rpc(new UnavailableBackends(
        "the read views or the event store did not answer; the read may be retried",
        RedisFailures::isUnavailable, PgFailures::isUnavailable), observer));
    return Future.all(reader.refreshGeneration(), pool.query("SELECT 1").execute())
        .compose(reachable -> feed.open());
  }

  @Override
  public Future<?> stop() {
    return feed.close().eventually(() -> pool.close()).eventually(() -> {
      redis.close();
      return Future.succeededFuture();
    });
  }

  public Service service() {
    return service;
  }

  /** Balance streams open right now. */
  public int liveStreams() {
    return streams.live();
  }

  /** Reads waiting for a consistency token right now. */
  public int tokenWaiters() {
    return waits.waiting();
  }

  public Redis redis() {
    return redis;
  }
}
