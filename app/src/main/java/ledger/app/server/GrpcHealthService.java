package ledger.app.server;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.vertx.grpc.health.v1.HealthProto;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import ledger.grpc.Rpc;

/**
 * grpc.health.v1.Health that tells the truth: "" and each served service are SERVING
 * only while the process is ready (the Vert.x module always says SERVING for ""); the name
 * {@link Probes#GRPC_LIVENESS} is SERVING while the process is live, for a liveness probe. An
 * unknown service name is NOT_FOUND. Watch streams the status whenever it changes, and ends
 * UNAVAILABLE within a second of the process starting to stop.
 */
final class GrpcHealthService implements Service {

  private static final ServiceName NAME = ServiceName.create("grpc.health.v1.Health");
  private static final ServiceDescriptor DESCRIPTOR = HealthProto.getDescriptor().findServiceByName("Health");
  private static final ServiceMethod<HealthCheckRequest, HealthCheckResponse> CHECK = method("Check");
  private static final ServiceMethod<HealthCheckRequest, HealthCheckResponse> WATCH = method("Watch");
  private static final long WATCH_INTERVAL_MS = 1000;
  /** A HealthCheckRequest names a service: what one may inflate to is far more than it needs. */
  private static final long REQUEST_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Readiness readiness;

  GrpcHealthService(Vertx vertx, Readiness readiness) {
    this.vertx = vertx;
    this.readiness = readiness;
  }

  @Override
  public ServiceName name() {
    return NAME;
  }

  @Override
  public ServiceDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void bind(GrpcServer server) {
    server.callHandler(CHECK, request -> Rpc.readOne(request, CHECK, REQUEST_BYTES, check -> {
      if (!known(server, check.getService())) {
        request.response().status(GrpcStatus.NOT_FOUND).statusMessage("unknown service "
            // quoted in a trailer: a name of kilobytes would break the caller's HTTP/2 header limit
            + (check.getService().length() <= 200 ? check.getService() : check.getService().substring(0, 200) + "...")).end();
        return;
      }
      if (check.getService().equals(Probes.GRPC_LIVENESS)) {
        request.response().end(response(readiness.isLive()));
        return;
      }
      readiness.ready().onComplete(ready -> request.response().end(response(ready.succeeded() && ready.result())));
    }));
    server.callHandler(WATCH, request -> Rpc.readOne(request, WATCH, REQUEST_BYTES,
        watch -> watch(server, request, watch.getService())));
  }

  private void watch(GrpcServer server, GrpcServerRequest<HealthCheckRequest, HealthCheckResponse> request,
                     String service) {
    boolean known = known(server, service);
    ServingStatus[] last = {null};
    long[] timer = {-1};
    timer[0] = vertx.setPeriodic(0, WATCH_INTERVAL_MS, tick -> {
      Handler<ServingStatus> send = now -> {
        if (now != last[0] && !write(request, now)) {
          vertx.cancelTimer(timer[0]);
        }
        last[0] = now;
      };
      if (!known) {
        send.handle(ServingStatus.SERVICE_UNKNOWN);
      } else if (!readiness.isLive()) {
        // Stopping: say so, then end the watch like every other stream, so it holds no connection open.
        send.handle(ServingStatus.NOT_SERVING);
        vertx.cancelTimer(timer[0]);
        end(request);
      } else if (service.equals(Probes.GRPC_LIVENESS)) {
        send.handle(ServingStatus.SERVING);
      } else {
        readiness.ready().onComplete(ready -> send.handle(
            ready.succeeded() && ready.result() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING));
      }
    });
    request.errorHandler(cancelled -> vertx.cancelTimer(timer[0]));
  }

  private static void end(GrpcServerRequest<HealthCheckRequest, HealthCheckResponse> request) {
    try {
      request.response().status(GrpcStatus.UNAVAILABLE).statusMessage("this server is shutting down").end();
    } catch (IllegalStateException gone) {
      // the watcher went away first
    }
  }

  /** False once the watcher has gone away. */
  private static boolean write(GrpcServerRequest<HealthCheckRequest, HealthCheckResponse> request, ServingStatus now) {
    try {
      request.response().write(HealthCheckResponse.newBuilder().setStatus(now).build());
      return true;
    } catch (IllegalStateException cancelled) {
      return false;
    }
  }

  private static boolean known(GrpcServer server, String service) {
    return service.isEmpty() || service.equals(Probes.GRPC_LIVENESS) || server.services().stream().anyMatch(s -> s.name().fullyQualifiedName().equals(service));
  }

  private static HealthCheckResponse response(boolean ready) {
    return HealthCheckResponse.newBuilder()
        .setStatus(ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING)
        .build();
  }

  private static ServiceMethod<HealthCheckRequest, HealthCheckResponse> method(String name) {
    return ServiceMethod.server(NAME, name, GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(HealthCheckRequest.newBuilder()));
  }
}
