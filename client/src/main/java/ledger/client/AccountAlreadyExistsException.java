package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** ALREADY_EXISTS / ACCOUNT_ALREADY_EXISTS: opening an account that another command already opened. */
public final class AccountAlreadyExistsException extends LedgerException {

  AccountAlreadyExistsException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }
}
