package ledger.grpc;

/**
 * What a handler knows about the call besides its request: when the caller stops
 * waiting, and the id that ties its log lines and events together.
 */
public record CallContext(long deadlineNanos, String correlationId) {

  /** No deadline from the caller. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public static CallContext of(long timeoutMillis, String correlationId) {
    long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : NO_DEADLINE;
    return new CallContext(deadline, correlationId);
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
