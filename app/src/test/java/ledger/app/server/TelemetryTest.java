package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import ledger.grpc.Tracing;
import org.junit.jupiter.api.Test;

/** With an endpoint, spans leave over OTLP/HTTP (protobuf) to its /v1/traces; without one, nothing is made. */
class TelemetryTest {

  @Test
  void spans_are_posted_to_the_collectors_traces_path_and_flushed_on_close() throws IOException {
    List<String> posts = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        posts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
            + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.readAllBytes().length);
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    try {
      Telemetry telemetry = Telemetry.of(new TracingSettings(
          "http://127.0.0.1:" + collector.getAddress().getPort(), 1.0, "ledger-test"));
      Tracing tracing = telemetry.tracing();
      assertThat(tracing.on()).isTrue();
      tracing.span("exported", SpanKind.INTERNAL, Context.root()).startSpan().end();

      telemetry.close();

      assertThat(posts).hasSize(1);
      assertThat(posts.get(0)).startsWith("POST /v1/traces application/x-protobuf ");
      assertThat(Long.parseLong(posts.get(0).substring(posts.get(0).lastIndexOf(' ') + 1))).isPositive();
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void without_an_endpoint_there_is_no_tracing() {
    Telemetry off = Telemetry.of(TracingSettings.defaults());
    assertThat(off.on()).isFalse();
    assertThat(off.tracing()).isSameAs(Tracing.OFF);
  }
}
