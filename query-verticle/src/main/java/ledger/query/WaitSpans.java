package ledger.query;

import java.util.function.Supplier;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Future;
import ledger.domain.AccountId;
import ledger.grpc.CallContext;
import ledger.grpc.Tracing;
import ledger.readmodel.ConsistencyToken;

/**
 * The span of a read's token wait (docs/operations.md, "Tracing"): how long the read waited for
 * the view to reflect the caller's write. Child of the read's server span; a caller that sends
 * the write's trace context with the read sees write, view and read in one trace.
 */
final class WaitSpans {

  private final Tracing tracing;

  WaitSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  <T> Future<T> around(CallContext context, AccountId id, ConsistencyToken token, long budgetMillis,
                       Supplier<Future<T>> wait) {
    if (context.trace() == null || !tracing.on()) {
      return wait.get();
    }
    Span span = tracing.span("ledger.token.wait", SpanKind.INTERNAL, context.trace())
        .setAttribute("ledger.account_id", id.value())
        .setAttribute("ledger.token.given", token != ConsistencyToken.NONE)
        .setAttribute("ledger.token.budget_ms", budgetMillis)
        .startSpan();
    return wait.get().onComplete(done -> {
      if (done.failed()) {
        span.recordException(done.cause());
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    });
  }
}
