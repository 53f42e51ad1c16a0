package ledger.app.cli;

import ledger.app.server.ServerConfig;
import ledger.app.server.TracingSettings;
import picocli.CommandLine.Option;

/** {@code ledger serve}'s OpenTelemetry tracing (docs/operations.md, "Tracing"): off unless an endpoint is given. */
public final class TracingOptions {

  @Option(names = "--otlp-endpoint", defaultValue = "${env:LEDGER_OTLP_ENDPOINT:-}",
      description = "OTLP/HTTP collector spans are sent to, e.g. http://otel-collector:4318 (/v1/traces is added"
          + " when the URL has no path); empty: tracing off, nothing traced (env LEDGER_OTLP_ENDPOINT).")
  String otlpEndpoint;

  @Option(names = "--trace-sample-ratio", defaultValue = "${env:LEDGER_TRACE_SAMPLE_RATIO:-1.0}",
      description = "Share of the traces started here that are kept, 0 to 1; a call that carries a traceparent"
          + " follows its caller's decision (default: ${DEFAULT-VALUE}; env LEDGER_TRACE_SAMPLE_RATIO).")
  double sampleRatio;

  ServerConfig applyTo(ServerConfig config) {
    // OTEL_SERVICE_NAME: the name every OpenTelemetry SDK reads, so a deployment names services one way.
    TracingSettings tracing = new TracingSettings(otlpEndpoint, sampleRatio, System.getenv("OTEL_SERVICE_NAME"));
    return config.withOperations(config.operations().withTracing(tracing));
  }
}
