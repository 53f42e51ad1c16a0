package ledger.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.Service;

/** A gRPC service served over real HTTP/2 on loopback, cancelling calls at their deadline as a ledger process does. */
public final class LoopbackGrpc {

  private LoopbackGrpc() {
  }

  /** Listens on a free port of 127.0.0.1 unless {@code options} name another. */
  public static HttpServer serve(Vertx vertx, Service service, HttpServerOptions options) {
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setScheduleDeadlineAutomatically(true));
    grpc.addService(service);
    return Waits.await(vertx.createHttpServer(options.setHost("127.0.0.1")).requestHandler(grpc).listen());
  }

  public static HttpServer serve(Vertx vertx, Service service) {
    return serve(vertx, service, new HttpServerOptions().setPort(0));
  }
}
