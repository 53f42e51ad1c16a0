package ledger.client;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * What a failed call means: the typed exception of its ErrorInfo reason, and whether trying
 * again (with the same command id) may succeed. Pure: the answer depends on the status alone.
 */
final class Failures {

  /** RESOURCE_EXHAUSTED reasons that say "later" (a per-caller rate, the server's append queue), not "never". */
  static final Set<String> RETRYABLE_EXHAUSTION = Set.of("RATE_LIMITED", "APPEND_QUEUE_FULL");

  private Failures() {
  }

  /**
   * The answer's ErrorInfo and RetryInfo, read from the standard {@code grpc-status-details-bin} trailer.
   * The one parser of them: {@link Ending#of} reads a stream's ending through it too.
   */
  record Details(String reason, Map<String, String> metadata, Duration retryDelay) {

    static final Details NONE = new Details("", Map.of(), null);
  }

  /** Never throws: details that do not match the status (a proxy rewrote its code, ...) are none. */
  static Details details(Throwable failure) {
    com.google.rpc.Status status;
    try {
      status = StatusProto.fromThrowable(failure);
    } catch (IllegalArgumentException mismatched) {
      // grpc-java refuses details whose code differs from the status code; the status code still decides.
      return Details.NONE;
    }
    if (status == null) {
      return Details.NONE;
    }
    String reason = "";
    Map<String, String> metadata = Map.of();
    Duration delay = null;
    for (Any detail : status.getDetailsList()) {
      try {
        if (detail.is(ErrorInfo.class)) {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          reason = info.getReason();
          metadata = info.getMetadataMap();
        } else if (detail.is(RetryInfo.class)) {
          com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
          delay = Duration.ofSeconds(d.getSeconds(), d.getNanos());
        }
      } catch (InvalidProtocolBufferException unreadable) {
        // A detail this client cannot read is one it does not act on.
      }
    }
    return new Details(reason, metadata, delay);
  }

  /**
   * Worth another attempt with the same request: UNAVAILABLE and DEADLINE_EXCEEDED (the command
   * may or may not have been applied; the ledger deduplicates the retry by its command id), and
   * RESOURCE_EXHAUSTED only when the server says when to come back (RetryInfo) for a rate or queue
   * limit. Every other answer is the ledger's decision and would be the same again.
   */
  static boolean retryable(Status.Code code, Details details) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
      case RESOURCE_EXHAUSTED -> details.retryDelay() != null && RETRYABLE_EXHAUSTION.contains(details.reason());
      default -> false;
    };
  }

  static LedgerException toException(StatusRuntimeException failure) {
    Status status = failure.getStatus();
    Details details = details(failure);
    String message = status.getDescription() != null ? status.getDescription()
        : status.getCause() != null ? String.valueOf(status.getCause()) : status.getCode().name();
    return toException(status.getCode(), details, message, failure);
  }

  static LedgerException toException(Status.Code code, Details d, String message, Throwable cause) {
    return switch (d.reason()) {
      case "INSUFFICIENT_FUNDS" -> new InsufficientFundsException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      case "ACCOUNT_NOT_FOUND" -> new AccountNotFoundException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      case "ACCOUNT_ALREADY_EXISTS" ->
          new AccountAlreadyExistsException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      case "ACCOUNT_FROZEN" -> new AccountFrozenException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      case "ACCOUNT_CLOSED" -> new AccountClosedException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      case "COMMAND_ID_REUSED" -> new CommandIdReusedException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      case "VERSION_MISMATCH" -> new VersionMismatchException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
      default -> new GenericLedgerException(code, d.reason(), d.metadata(), message, d.retryDelay(), cause);
    };
  }
}
