package ledger.query;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.grpc.server.Service;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import ledger.api.Rpc;
import ledger.api.RpcObserver;
import ledger.store.view.ViewKeys;

/**
 * The query role: owns the Redis client and the feed subscription, and hands out the
 * QueryService that the process's gRPC endpoint serves on every event loop.
 */
public final class QueryVerticle extends VerticleBase {

  private final RedisOptions redisOptions;
  private final QueryConfig config;
  private final RpcObserver observer;
  private Redis redis;
  private ViewFeed feed;
  private TokenWaits waits;
  private Service service;

  public QueryVerticle(RedisOptions redisOptions, QueryConfig config, RpcObserver observer) {
    this.redisOptions = redisOptions;
    this.config = config;
    this.observer = observer;
  }

  @Override
  public Future<?> start() {
    redis = Redis.createClient(vertx, redisOptions);
    ViewKeys keys = new ViewKeys(config.keyPrefix());
    ViewReader reader = new ViewReader(redis, keys);
    waits = new TokenWaits(vertx, reader);
    feed = new ViewFeed(vertx, redis, keys.feedChannel(), waits::onFeed, waits::recheckAll);
    service = new QueryApi(reader, waits, config).service(new Rpc(new QueryErrors(), observer));
    return redis.send(Request.cmd(Command.PING)).compose(pong -> feed.open());
  }

  @Override
  public Future<?> stop() {
    return feed.close().eventually(() -> {
      redis.close();
      return Future.succeededFuture();
    });
  }

  public Service service() {
    return service;
  }

  /** Reads waiting for a consistency token right now. */
  public int tokenWaiters() {
    return waits.waiting();
  }

  public Redis redis() {
    return redis;
  }
}
