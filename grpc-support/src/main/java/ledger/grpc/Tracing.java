package ledger.grpc;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The roles' spans (docs/operations.md, "Tracing"): the RPC's, the append's, the projection's
 * apply and the token wait's. {@link #OFF} unless the process exports spans; then every caller
 * checks {@link #on()} first, so an untraced process captures no context and starts nothing.
 * A trace crosses the event store as a W3C {@code traceparent} string in the event's metadata.
 */
public final class Tracing {

  public static final Tracing OFF = new Tracing(null);

  private static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return List.of(TRACEPARENT);
    }

    @Override
    public String get(String carrier, String key) {
      return TRACEPARENT.equals(key) ? carrier : null;
    }
  };

  private final Tracer tracer;

  private Tracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Spans of this process, made by {@code telemetry}'s tracer provider. */
  public static Tracing of(OpenTelemetry telemetry) {
    return new Tracing(telemetry.getTracer("ledger"));
  }

  public boolean on() {
    return tracer != null;
  }

  /** A span named {@code name} under {@code parent}; only when {@link #on()}. */
  public SpanBuilder span(String name, SpanKind kind, Context parent) {
    return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
  }

  /** The W3C traceparent of the span, for the event's metadata; null when it is not being recorded. */
  public static String traceparent(Span span) {
    if (!span.getSpanContext().isValid()) {
      return null;
    }
    String[] value = new String[1];
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), value,
        (carrier, key, v) -> {
          if (TRACEPARENT.equals(key)) {
            carrier[0] = v;
          }
        });
    return value[0];
  }

  /** The remote parent a traceparent names (the root context when it names none, or is malformed). */
  public static Context parentOf(String traceparent) {
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE_VALUE);
  }
}
