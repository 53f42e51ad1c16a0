package ledger.client;

import java.time.Duration;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

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

  /** The ending of a call that failed with {@code failure} (a StatusRuntimeException or StatusException). */
  public static Ending of(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    String reason = null;
    Map<String, String> metadata = Map.of();
    Duration delay = null;
    if (details != null) {
      for (Any detail : details.getDetailsList()) {
        try {
          if (detail.is(ErrorInfo.class)) {
            ErrorInfo info = detail.unpack(ErrorInfo.class);
            reason = info.getReason().isEmpty() ? null : info.getReason();
            metadata = info.getMetadataMap();
          } else if (detail.is(RetryInfo.class)) {
            com.google.protobuf.Duration wait = detail.unpack(RetryInfo.class).getRetryDelay();
            delay = Duration.ofSeconds(wait.getSeconds(), wait.getNanos());
          }
        } catch (InvalidProtocolBufferException unreadable) {
          // A detail this client cannot read decides nothing: the status code still does.
        }
      }
    }
    return new Ending(status, reason, metadata, delay);
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
