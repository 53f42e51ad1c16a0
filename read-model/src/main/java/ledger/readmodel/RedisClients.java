package ledger.readmodel;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The one way the roles create their Redis client: as the options say (standalone, Sentinel or
 * Cluster), and on a Cluster wrapped in {@link ClusterRedis}, which spreads what the views send
 * in one go over the masters that hold the keys.
 */
public final class RedisClients {

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, RedisOptions options) {
    Redis client = Redis.createClient(vertx, options);
    return options.getType() == RedisClientType.CLUSTER ? new ClusterRedis(vertx, options, client) : client;
  }
}
