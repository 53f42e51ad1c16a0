package ledger.query;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.vertx.core.Vertx;

/** A query node over real gRPC, a client of each kind, and the projection double that feeds it. */
final class QueryHarness implements AutoCloseable {

  final QueryNode node;
  final Vertx vertx = Vertx.vertx();
  final ProjectionDouble projection;
  private final Map<QueryClient.Kind, QueryClient> clients = new EnumMap<>(QueryClient.Kind.class);

  private QueryHarness(String prefix, Duration maxWait) {
    node = QueryNode.start(prefix, maxWait);
    projection = new ProjectionDouble(vertx, prefix);
    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      clients.put(kind, kind.connect(vertx, node));
    }
  }

  static QueryHarness start(String prefix, Duration maxWait) {
    return new QueryHarness(prefix, maxWait);
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
