package ledger.query;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import ledger.testkit.TestInfra;

/** A query node over real gRPC, a client of each kind, and the projection double that feeds it. */
final class QueryHarness implements AutoCloseable {

  final QueryNode node;
  final Vertx vertx = Vertx.vertx();
  final ProjectionDouble projection;
  private final Map<QueryClient.Kind, QueryClient> clients = new EnumMap<>(QueryClient.Kind.class);

  private QueryHarness(String prefix, Duration maxWait, RedisOptions redis) {
    node = QueryNode.start(prefix, maxWait, redis);
    projection = new ProjectionDouble(vertx, prefix);
    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      clients.put(kind, kind.connect(vertx, node));
    }
  }

  static QueryHarness start(String prefix, Duration maxWait) {
    return start(prefix, maxWait, TestInfra.redisOptions());
  }

  /** The node reaches Redis through {@code redis}; the projection double, directly. */
  static QueryHarness start(String prefix, Duration maxWait, RedisOptions redis) {
    return new QueryHarness(prefix, maxWait, redis);
  }

  QueryClient client(QueryClient.Kind kind) {
    return clients.get(kind);
  }

  @Override
  public void close() {
    clients.values().forEach(QueryClient::close);
    projection.close();
    Blocking.await(vertx.close());
    node.close();
  }
}
