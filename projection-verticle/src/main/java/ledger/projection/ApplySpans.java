package ledger.projection;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.AsyncResult;
import ledger.grpc.Tracing;
import ledger.store.EventCodec;
import ledger.store.RecordedEvent;

/**
 * The spans of the projection's apply (docs/operations.md, "Tracing"): one per event whose
 * command was traced, child of that command's append through the traceparent the command role
 * wrote into the event's metadata, so a transfer's apply shows on both of its accounts.
 */
final class ApplySpans {

  private final Tracing tracing;

  ApplySpans(Tracing tracing) {
    this.tracing = tracing;
  }

  /** Spans started for the batch's traced events; null when there are none (or tracing is off). */
  List<Span> start(List<RecordedEvent> batch) {
    if (!tracing.on()) {
      return null;
    }
    List<Span> spans = null;
    for (RecordedEvent event : batch) {
      String traceparent = event.metadata().traceparent();
      if (traceparent == null) {
        continue;
      }
      if (spans == null) {
        spans = new ArrayList<>();
      }
      spans.add(tracing.span("ledger.projection.apply", SpanKind.CONSUMER, Tracing.parentOf(traceparent))
          .setAttribute("ledger.account_id", event.streamId().value())
          .setAttribute("ledger.stream_version", event.version())
          .setAttribute("ledger.global_position", event.globalPosition())
          .setAttribute("ledger.event_type", EventCodec.typeOf(event.event()))
          .setAttribute("ledger.apply.batch_size", (long) batch.size())
          .startSpan());
    }
    return spans;
  }

  /** Ends them once the batch is in the views and the checkpoint moved (or not). */
  static void end(List<Span> spans, AsyncResult<?> done) {
    if (spans == null) {
      return;
    }
    for (Span span : spans) {
      if (done.failed()) {
        span.recordException(done.cause());
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }
}
