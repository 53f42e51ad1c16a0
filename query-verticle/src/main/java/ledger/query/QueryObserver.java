package ledger.query;

/** Told what the read side does, for metrics. Must be cheap and thread-safe (called on the event loops). */
public interface QueryObserver {

  QueryObserver NONE = new QueryObserver() { };

  /** How a read that waited for a consistency token ended. */
  enum TokenWaitOutcome {
    /** The view caught up with the token (at once, or announced by the projection's feed). */
    REACHED("reached"),
    /** The call's deadline or the server's maximum ran out first: CONSISTENCY_WAIT_TIMEOUT. */
    TIMED_OUT("timed_out"),
    /** A read of Redis or of the event store failed the wait (UNAVAILABLE, VIEW_DEGRADED). */
    FAILED("failed");

    private final String label;

    TokenWaitOutcome(String label) {
      this.label = label;
    }

    /** The name metrics carry. */
    public String label() {
      return label;
    }
  }

  /** A read waited {@code nanos} for a consistency token, with {@code outcome}. */
  default void tokenWait(TokenWaitOutcome outcome, long nanos) {
  }

  /**
   * A balance stream was ended STREAM_TOO_SLOW; {@code delivered} when its status left the server,
   * false when it could not within the stall timeout and the stream was reset instead, or the caller went away first.
   */
  default void slowStreamEnded(boolean delivered) {
  }
}
