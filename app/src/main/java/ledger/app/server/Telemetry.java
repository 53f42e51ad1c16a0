package ledger.app.server;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.VertxBuilder;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import ledger.grpc.Tracing;

/**
 * The process's OpenTelemetry (docs/operations.md, "Tracing"). Off: Vert.x gets no tracer and
 * the roles {@link Tracing#OFF}, so nothing is captured on any call. On: Vert.x's tracer
 * (vertx-opentelemetry) starts a server span per call from the caller's {@code traceparent},
 * and the roles add theirs; spans leave in batches over OTLP/HTTP.
 */
public final class Telemetry implements AutoCloseable {

  public static final Telemetry OFF = new Telemetry(null, null);

  private final OpenTelemetry telemetry;
  /** The SDK this class made, shut down (its last spans sent) on close; null when given or off. */
  private final OpenTelemetrySdk owned;

  private Telemetry(OpenTelemetry telemetry, OpenTelemetrySdk owned) {
    this.telemetry = telemetry;
    this.owned = owned;
  }

  /** Off unless the settings name an endpoint. */
  public static Telemetry of(TracingSettings settings) {
    if (!settings.enabled()) {
      return OFF;
    }
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName()))))
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
        .addSpanProcessor(BatchSpanProcessor.builder(
            OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).build()).build())
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    return new Telemetry(sdk, sdk);
  }

  /** Spans made by a given OpenTelemetry (tests, an embedding program), which its owner shuts down. */
  public static Telemetry using(OpenTelemetry telemetry) {
    return new Telemetry(telemetry, null);
  }

  public boolean on() {
    return telemetry != null;
  }

  /** The roles' spans. */
  public Tracing tracing() {
    return on() ? Tracing.of(telemetry) : Tracing.OFF;
  }

  /** Vert.x with the tracer when on; untouched when off. */
  VertxBuilder install(VertxBuilder builder) {
    return on() ? builder.withTracer(new OpenTelemetryTracingFactory(telemetry)) : builder;
  }

  /** Sends the spans still buffered, for a few seconds at most. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
