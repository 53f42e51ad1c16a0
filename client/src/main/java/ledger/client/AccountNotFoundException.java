package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** NOT_FOUND / ACCOUNT_NOT_FOUND: the account was never opened (or did not exist yet at the point asked). */
public final class AccountNotFoundException extends LedgerException {

  AccountNotFoundException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }
}
