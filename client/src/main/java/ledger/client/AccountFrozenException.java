package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** FAILED_PRECONDITION / ACCOUNT_FROZEN: a frozen account takes no debit, no credit and cannot be closed. */
public final class AccountFrozenException extends LedgerException {

  AccountFrozenException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }
}
