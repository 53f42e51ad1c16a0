package ledger.query;

import java.util.Map;

import ledger.domain.LedgerException;
import ledger.domain.Reason;

/** The view did not reach the caller's token within the wait budget. */
final class ConsistencyWaitTimeoutException extends LedgerException {

  ConsistencyWaitTimeoutException(String message, Map<String, String> details) {
    super(Reason.CONSISTENCY_WAIT_TIMEOUT, message, details);
  }
}
