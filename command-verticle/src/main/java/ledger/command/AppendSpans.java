package ledger.command;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import ledger.grpc.Tracing;
import ledger.store.Append;
import ledger.store.AppendResult;
import ledger.store.pg.AppendBatcher;

/**
 * The span of one command's append (docs/operations.md, "Tracing"). Group commit sends many
 * commands in one statement: each command keeps its own span, which names the statement that
 * carried it (how many commands, and the first one's id, shared by every span of that batch).
 * Its traceparent goes into the command's events, so the projection's apply of them is its child.
 */
final class AppendSpans {

  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("ledger.append.batch_size");
  static final AttributeKey<String> BATCH_FIRST = AttributeKey.stringKey("ledger.append.batch_first_command_id");

  private final Tracing tracing;
  private final AppendBatcher batcher;

  AppendSpans(Tracing tracing, AppendBatcher batcher) {
    this.tracing = tracing;
    this.batcher = batcher;
  }

  /** The append, in a span under {@code trace} when the call is traced (null: untraced, nothing captured). */
  Future<AppendResult> append(Append append, Context trace) {
    if (trace == null || !tracing.on()) {
      return batcher.append(append);
    }
    Span span = tracing.span("ledger.append", SpanKind.INTERNAL, trace)
        .setAttribute("ledger.command_id", append.commandId().value())
        .setAttribute("ledger.command_type", append.commandType())
        .setAttribute("ledger.events", (long) append.events().size())
        .startSpan();
    // only a sampled trace is worth its bytes in every event of the command
    Append traced = span.getSpanContext().isSampled() ? append.withTraceparent(Tracing.traceparent(span)) : append;
    return batcher.append(traced, (commands, first) -> {
      span.setAttribute(BATCH_SIZE, (long) commands);
      span.setAttribute(BATCH_FIRST, first);
      span.addEvent("statement sent", Attributes.of(BATCH_SIZE, (long) commands, BATCH_FIRST, first));
    }).onComplete(done -> {
      if (done.failed()) {
        span.recordException(done.cause());
        span.setStatus(StatusCode.ERROR);
      } else {
        span.setAttribute("ledger.global_position", done.result().globalPosition());
      }
      span.end();
    });
  }
}
