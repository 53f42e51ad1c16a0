package ledger.command;

import static ledger.testkit.Waits.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.pgclient.PgConnectOptions;
import ledger.grpc.RpcObserver;
import ledger.testkit.LoopbackGrpc;

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
    await(vertx.deployVerticle(verticle));
    return new CommandNode(vertx, LoopbackGrpc.serve(vertx, verticle.service()));
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    await(server.close());
    await(vertx.close());
  }
}
