package ledger.app.server;

/**
 * OpenTelemetry tracing (docs/operations.md, "Tracing"): off by default; when on, spans are
 * exported over OTLP/HTTP to {@code otlpEndpoint}.
 *
 * @param otlpEndpoint where spans go, an OTLP/HTTP URL such as {@code http://otel-collector:4318}
 *                     (the {@code /v1/traces} path is added when the URL has none); empty: tracing off
 * @param sampleRatio  the share of traces started here that are kept, 0 to 1; a call whose caller sent a
 *                     sampled or unsampled traceparent follows the caller's decision
 * @param serviceName  the {@code service.name} of this process's spans
 */
public record TracingSettings(String otlpEndpoint, double sampleRatio, String serviceName) {

  public TracingSettings {
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("--trace-sample-ratio must be between 0 and 1, got " + sampleRatio);
    }
    otlpEndpoint = otlpEndpoint == null ? "" : otlpEndpoint.strip();
    serviceName = serviceName == null || serviceName.isBlank() ? "ledger" : serviceName.strip();
  }

  /** Off: no tracer, no spans, nothing captured. */
  public static TracingSettings defaults() {
    return new TracingSettings("", 1.0, "ledger");
  }

  public boolean enabled() {
    return !otlpEndpoint.isEmpty();
  }

  /** The URL spans are posted to: the endpoint, with OTLP's traces path when it names no path. */
  public String tracesUrl() {
    String base = otlpEndpoint.endsWith("/") ? otlpEndpoint.substring(0, otlpEndpoint.length() - 1) : otlpEndpoint;
    int scheme = base.indexOf("://");
    boolean hasPath = base.indexOf('/', scheme < 0 ? 0 : scheme + 3) >= 0;
    return hasPath ? base : base + "/v1/traces";
  }
}
