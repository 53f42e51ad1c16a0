package ledger.readmodel;

import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.RequestGrouping;
import io.vertx.redis.client.Response;

/**
 * A Redis Cluster client for the views. vertx-redis-client 5.0.7 routes each command by its
 * keys, but sends a batch to one node only (a batch over keys of several masters fails, CROSSSLOT,
 * before anything is sent) and a command without a key to any one node. So here:
 * <ul>
 * <li>a batch is split by master and each part sent as a batch of its own, in parallel; the
 * replies come back in the order of the requests. A batch was never atomic (no MULTI), so
 * nothing is lost by the split: the projection announces a batch only after every part of it
 * was written;</li>
 * <li>{@code SCRIPT} (LOAD) runs on every master, since EVALSHA runs wherever its keys live;</li>
 * <li>{@link #eachMaster} hands each master to a walk over the key space (SCAN iterates one
 * node's keys only).</li>
 * </ul>
 * Everything else goes to the cluster client as it is. Every multi-key command and script of the
 * views keeps its keys in one hash slot ({@link ViewKeys}).
 */
public final class ClusterRedis implements Redis {

  private final Vertx vertx;
  private final RedisOptions options;
  private final Redis cluster;

  ClusterRedis(Vertx vertx, RedisOptions options, Redis cluster) {
    this.vertx = vertx;
    this.options = new RedisOptions(options);
    this.cluster = cluster;
  }

  @Override
  public Future<RedisConnection> connect() {
    return cluster.connect();
  }

  @Override
  public Future<Void> close() {
    return cluster.close();
  }

  @Override
  public Future<Response> send(Request request) {
    if (request.command() == Command.SCRIPT) {
      // the same script has the same SHA on every master: any one reply stands for all
      return RedisCluster.create(cluster).onAllMasterNodes(request).map(replies -> replies.get(0));
    }
    return cluster.send(request);
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    if (requests.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return RedisCluster.create(cluster).groupByNodes(requests).compose(grouping -> {
      Map<Request, Future<Response>> replies = new IdentityHashMap<>();
      for (List<Request> part : grouping.getKeyed()) {
        Future<List<Response>> sent = cluster.batch(part);
        for (int i = 0; i < part.size(); i++) {
          int index = i;
          replies.put(part.get(i), sent.map(list -> list.get(index)));
        }
      }
      for (Request keyless : grouping.getUnkeyed()) {
        replies.put(keyless, send(keyless));
      }
      List<Future<Response>> ordered = requests.stream().map(replies::get).toList();
      return Future.all(ordered).map(all -> ordered.stream().map(Future::result).toList());
    });
  }

  /**
   * Runs {@code walk} on each master in turn, each reached by a client of its own (the masters of
   * the slot map at the start), and sums what the walks count. A slot that moves meanwhile may
   * be walked twice or not at all, as SCAN on one node may; the views' walks delete keys of a
   * generation or of a database nobody reads any more, and a resharding is not the moment for them.
   */
  public Future<Long> eachMaster(Function<Redis, Future<Long>> walk) {
    return masters().compose(masters -> {
      Future<Long> total = Future.succeededFuture(0L);
      for (String master : masters) {
        total = total.compose(sum -> {
          Redis node = Redis.createClient(vertx, new RedisOptions(options).setType(RedisClientType.STANDALONE)
              .setEndpoints(new ArrayList<>(List.of(master))).setMaxPoolSize(1).setMaxPoolWaiting(16)
              .setPoolName("ledger-cluster-walk-" + UUID.randomUUID()));
          return walk.apply(node).map(counted -> sum + counted).eventually(node::close);
        });
      }
      return total;
    });
  }

  /** The URL of each master, from CLUSTER SLOTS, with the scheme and credentials of the configured endpoint. */
  private Future<List<String>> masters() {
    URI seed = URI.create(options.getEndpoint());
    String userInfo = seed.getRawUserInfo() == null ? "" : seed.getRawUserInfo() + "@";
    return cluster.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(slots -> {
      Set<String> masters = new LinkedHashSet<>();
      for (Response range : slots) {
        Response master = range.get(2);
        String host = master.get(0).toString();
        if (host.isEmpty()) {
          host = seed.getHost();
        }
        host = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        masters.add(seed.getScheme() + "://" + userInfo + host + ":" + master.get(1).toInteger());
      }
      return List.copyOf(masters);
    });
  }
}
