package ledger.command;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.pgclient.PgConnectOptions;
import ledger.grpc.RpcObserver;

/**
 * The command role served over real gRPC on loopback, as one ledger process serves it:
 * its own Vert.x, PostgreSQL pool and state cache. Two nodes on one database behave
 * like two processes.
 */
final class CommandNode implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;

  private CommandNode(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static CommandNode start(PgConnectOptions database) {
    return start(database, CommandConfig.defaults());
  }

  static CommandNode start(PgConnectOptions database, CommandConfig config) {
    Vertx vertx = Vertx.vertx();
    CommandVerticle verticle = new CommandVerticle(database, config, RpcObserver.NONE);
    Blocking.await(vertx.deployVerticle(verticle));
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setScheduleDeadlineAutomatically(true));
    grpc.addService(verticle.service());
    HttpServer server = Blocking.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(grpc)
        .listen());
    return new CommandNode(vertx, server);
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    Blocking.await(server.close());
    Blocking.await(vertx.close());
  }
}
