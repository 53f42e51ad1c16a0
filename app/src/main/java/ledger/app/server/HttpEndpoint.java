package ledger.app.server;

import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** The HTTP port: /health/live, /health/ready and /metrics (Prometheus text format). */
final class HttpEndpoint {

  private final Vertx vertx;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final Transport transport;
  private HttpServer server;

  HttpEndpoint(Vertx vertx, Readiness readiness, PrometheusMeterRegistry registry, Transport transport) {
    this.vertx = vertx;
    this.readiness = readiness;
    this.registry = registry;
    this.transport = transport;
  }

  Future<HttpServer> listen(String host, int port) {
    // Probes and scrapes are no one's trace: with tracing on, Vert.x would start a span for each.
    Transport.Binding tls = transport.secure(new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE),
        Transport.Port.HTTP);
    server = vertx.createHttpServer(tls.options()).requestHandler(this::handle);
    return server.listen(port, host).onSuccess(listening -> transport.attach(listening, tls));
  }

  Future<Void> close() {
    if (server == null) {
      return Future.succeededFuture();
    }
    transport.detach(server);
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case Probes.HEALTH_LIVE -> json(request, readiness.isLive() ? 200 : 503,
          new JsonObject().put("status", readiness.isLive() ? "UP" : "DOWN"));
      case Probes.HEALTH_READY -> Future.all(readiness.checks(), readiness.details()).onComplete(done -> {
        Map<String, Boolean> results = done.result().resultAt(0);
        Map<String, Object> details = done.result().resultAt(1);
        JsonObject checks = new JsonObject();
        results.forEach((name, ok) -> checks.put(name, ok ? "UP" : "DOWN"));
        boolean ready = results.values().stream().allMatch(Boolean::booleanValue);
        json(request, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", checks)
            .put("details", new JsonObject(details)));
      });
      case Probes.METRICS -> vertx.executeBlocking(registry::scrape, false).onComplete(scraped -> {
        if (scraped.failed()) {
          request.response().setStatusCode(500).end();
          return;
        }
        request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scraped.result());
      });
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
