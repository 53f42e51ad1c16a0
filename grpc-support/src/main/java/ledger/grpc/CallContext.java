package ledger.grpc;

import io.opentelemetry.context.Context;

/**
 * What a handler knows about the call besides its request: when the caller stops
 * waiting, the id that ties its log lines and events together, who the caller is, and the
 * call's trace: the OpenTelemetry context of its server span, null when tracing is off.
 */
public record CallContext(long deadlineNanos, String correlationId, Caller caller, Context trace) {

  /** No deadline from the caller. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public static CallContext of(long timeoutMillis, String correlationId, Caller caller) {
    long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : NO_DEADLINE;
    return new CallContext(deadline, correlationId, caller, null);
  }

  /** An anonymous caller at an unknown address (in-process calls, tests). */
  public static CallContext of(long timeoutMillis, String correlationId) {
    return of(timeoutMillis, correlationId, Caller.anonymous(null));
  }

  /** This call as traced under {@code value} (the server span's context). */
  public CallContext withTrace(Context value) {
    return new CallContext(deadlineNanos, correlationId, caller, value);
  }

  /** Milliseconds to wait at most: the caller's remaining budget, capped at {@code maxMillis}. */
  public long waitBudgetMillis(long maxMillis) {
    if (deadlineNanos == NO_DEADLINE) {
      return maxMillis;
    }
    long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
    return Math.max(0, Math.min(remaining, maxMillis));
  }
}
