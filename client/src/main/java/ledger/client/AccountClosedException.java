package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** FAILED_PRECONDITION / ACCOUNT_CLOSED: closed is final. */
public final class AccountClosedException extends LedgerException {

  AccountClosedException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }
}
