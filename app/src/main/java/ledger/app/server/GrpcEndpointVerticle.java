package ledger.app.server;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.Service;
import ledger.grpc.ReflectionService;

/**
 * The gRPC port. One instance per event loop, all listening on the same port (Vert.x
 * spreads connections across them); each serves every service of the process's roles,
 * plus health and reflection.
 */
final class GrpcEndpointVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final int maxConcurrentStreams;
  private final long maxMessageBytes;
  private final List<Service> services;
  private final Readiness readiness;
  private final long shutdownGraceMillis;
  private final Transport transport;
  private final boolean reflection;
  private final ConnectionSettings connections;
  private HttpServer server;

  GrpcEndpointVerticle(String host, int port, int maxConcurrentStreams, long maxMessageBytes, List<Service> services,
      Readiness readiness, long shutdownGraceMillis, Transport transport, boolean reflection,
      ConnectionSettings connections) {
    this.reflection = reflection;
    this.connections = connections;
    this.host = host;
    this.port = port;
    this.maxConcurrentStreams = maxConcurrentStreams;
    this.maxMessageBytes = maxMessageBytes;
    this.services = services;
    this.readiness = readiness;
    this.shutdownGraceMillis = shutdownGraceMillis;
    this.transport = transport;
  }

  @Override
  public Future<?> start() {
    GrpcServer grpc = GrpcServer.server(vertx, GrpcEndpointOptions.grpc(maxMessageBytes));
    services.forEach(grpc::addService);
    grpc.addService(new GrpcHealthService(vertx, readiness));
    if (reflection) {
      grpc.addService(ReflectionService.v1());
      grpc.addService(ReflectionService.v1alpha());
    }
    Transport.Binding tls = transport.secure(GrpcEndpointOptions.http(host, port, maxConcurrentStreams),
        Transport.Port.GRPC);
    server = vertx.createHttpServer(tls.options()).requestHandler(request -> {
      // A message flagged compressed without a grpc-encoding header makes vertx-grpc 5.0.7's deframer
      // throw ("Handle me") and leave the call hanging until the caller's deadline; without the header
      // the body is identity-encoded by the gRPC spec, so say so.
      if (request.getHeader("grpc-encoding") == null) {
        request.headers().set("grpc-encoding", "identity");
      }
      grpc.handle(request);
    }).connectionHandler(new ConnectionLifetimes(vertx, connections));
    return server.listen().onSuccess(listening -> transport.attach(server, tls));
  }

  /**
   * Stops accepting and sends each connection GOAWAY; the calls in flight finish within the grace
   * period, then the connections close (streams were ended before, by {@code ServerDrain}).
   */
  @Override
  public Future<?> stop() {
    transport.detach(server);
    return server.shutdown(shutdownGraceMillis, TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
