package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** ABORTED / VERSION_MISMATCH: the account was not at the expected_version the command named. */
public final class VersionMismatchException extends LedgerException {

  VersionMismatchException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }

  public long expectedVersion() {
    return longOf("expected_version");
  }

  public long actualVersion() {
    return longOf("actual_version");
  }
}
