package ledger.query;

import java.util.Map;

/** The view did not reach the caller's token within the wait budget. */
final class ConsistencyWaitTimeoutException extends RuntimeException {

  private final Map<String, String> details;

  ConsistencyWaitTimeoutException(String message, Map<String, String> details) {
    super(message, null, false, false);
    this.details = Map.copyOf(details);
  }

  Map<String, String> details() {
    return details;
  }
}
