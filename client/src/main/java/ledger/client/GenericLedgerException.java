package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** Every other error: see {@link #code()} and {@link #reason()} (the README lists every reason). */
public final class GenericLedgerException extends LedgerException {

  GenericLedgerException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }
}
