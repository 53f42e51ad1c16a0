package ledger.app.server;

/** OpenTelemetry tracing: off by default; spans exported over OTLP when on. */
public record TracingSettings() {

  public static TracingSettings defaults() {
    return new TracingSettings();
  }
}
