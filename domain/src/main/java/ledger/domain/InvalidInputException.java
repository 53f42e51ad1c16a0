package ledger.domain;

import java.util.Map;

/**
 * Input that can never be valid, whatever the state of the ledger: a malformed id, a
 * negative amount, a token this ledger did not issue. Thrown while building a command, a
 * query or a value from what a caller sent.
 */
public final class InvalidInputException extends LedgerException {

  public InvalidInputException(Reason reason, String message) {
    super(reason, message);
  }

  public InvalidInputException(Reason reason, String message, Map<String, String> details) {
    super(reason, message, details);
  }
}
