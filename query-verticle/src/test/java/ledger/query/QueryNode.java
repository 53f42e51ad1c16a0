package ledger.query;

import java.time.Duration;

import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.redis.client.RedisOptions;
import ledger.grpc.RpcObserver;
import ledger.testkit.TestInfra;

/**
 * The query role served over real gRPC on loopback, as a ledger process serves it: its
 * own Vert.x, the QueryVerticle on the test JVM's real Redis, and a gRPC endpoint that
 * cancels calls at their deadline. HTTP/2 allows many concurrent streams so that
 * thousands of waiting reads can share one client connection.
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

  static QueryNode start(String keyPrefix, Duration maxTokenWait) {
    return start(keyPrefix, maxTokenWait, TestInfra.redisOptions());
  }

  static QueryNode start(String keyPrefix, Duration maxTokenWait, RedisOptions redis) {
    Vertx vertx = Vertx.vertx();
    QueryVerticle verticle = new QueryVerticle(redis, QueryDatabase.options(),
        new QueryConfig(maxTokenWait, keyPrefix), RpcObserver.NONE);
    Blocking.await(vertx.deployVerticle(verticle));
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setScheduleDeadlineAutomatically(true));
    grpc.addService(verticle.service());
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(TestInfra.freePort())
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS));
    HttpServer server = Blocking.await(vertx.createHttpServer(options).requestHandler(grpc).listen());
    return new QueryNode(vertx, verticle, server);
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
    Blocking.await(server.close());
    Blocking.await(vertx.close());
  }
}
