package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/**
 * How one call ended, as a caller decides what to do next: its status, the ErrorInfo reason
 * and metadata, and the RetryInfo delay, read from {@code grpc-status-details-bin}.
 *
 * @param reason     the ErrorInfo reason, or null when the server sent none
 * @param metadata   the ErrorInfo metadata (empty when none)
 * @param retryDelay the RetryInfo delay, or null when the server sent none
 */
public record Ending(Status status, String reason, Map<String, String> metadata, Duration retryDelay) {

  /** The stream ended OK: for a balance stream, which never ends by itself, that is a disconnect too. */
  static final Ending COMPLETED = new Ending(Status.OK, null, Map.of(), null);

  public Ending {
    metadata = Map.copyOf(metadata);
  }

  /**
   * The ending of a call that failed with {@code failure} (a StatusRuntimeException or StatusException).
   * Never throws: details it cannot read, or that carry another code than the status, are none.
   */
  public static Ending of(Throwable failure) {
    Failures.Details details = Failures.details(failure);
    return new Ending(Status.fromThrowable(failure), details.reason().isEmpty() ? null : details.reason(),
        details.metadata(), details.retryDelay());
  }

  /** Whether a stream that ended so may be opened again from where it left off ({@link Resumption}). */
  public boolean resumable() {
    return Resumption.resumable(status.getCode(), reason);
  }

  /** "UNAVAILABLE SHUTTING_DOWN: the server is stopping", for a log line. */
  @Override
  public String toString() {
    return status.getCode() + (reason == null ? "" : " " + reason)
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }
}
