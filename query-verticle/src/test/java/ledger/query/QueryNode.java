package ledger.query;

import static ledger.testkit.Waits.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.RedisOptions;
import ledger.grpc.RpcObserver;
import ledger.testkit.LoopbackGrpc;

/**
 * The query role served over real gRPC on loopback, as a ledger process serves it: its
 * own Vert.x, the QueryVerticle on the test JVM's real Redis and PostgreSQL, and a gRPC
 * endpoint that cancels calls at their deadline. HTTP/2 allows many concurrent streams so
 * that thousands of waiting reads can share one client connection.
 */
final class QueryNode implements AutoCloseable {

  static final long MAX_CONCURRENT_STREAMS = 20_000;

  private final Vertx vertx;
  private final QueryVerticle verticle;
  private final HttpServer server;

  private QueryNode(Vertx vertx, QueryVerticle verticle, HttpServer server) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.server = server;
  }

  static QueryNode start(PgConnectOptions database, RedisOptions redis, QueryConfig config) {
    Vertx vertx = Vertx.vertx();
    QueryVerticle verticle = new QueryVerticle(redis, database, config, RpcObserver.NONE);
    await(vertx.deployVerticle(verticle));
    HttpServerOptions options = new HttpServerOptions().setPort(0)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS));
    return new QueryNode(vertx, verticle, LoopbackGrpc.serve(vertx, verticle.service(), options));
  }

  int port() {
    return server.actualPort();
  }

  /** Reads of this node waiting for a consistency token right now. */
  int tokenWaiters() {
    return verticle.tokenWaiters();
  }

  @Override
  public void close() {
    await(server.close());
    await(vertx.close());
  }
}
