package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** FAILED_PRECONDITION / INSUFFICIENT_FUNDS: the debit would take the balance below minus the overdraft limit. */
public final class InsufficientFundsException extends LedgerException {

  InsufficientFundsException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }

  /** The balance when the debit was refused, in minor units. */
  public long balanceMinor() {
    return longOf("balance_minor");
  }

  /** What could have been debited: balance plus overdraft limit. */
  public long availableMinor() {
    return longOf("available_minor");
  }

  public long overdraftLimitMinor() {
    return longOf("overdraft_limit_minor");
  }

  /** The amount the refused command asked for. */
  public long requestedMinor() {
    return longOf("amount_minor");
  }
}
