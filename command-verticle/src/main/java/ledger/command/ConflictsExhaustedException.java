package ledger.command;

import java.util.Map;

import ledger.domain.LedgerException;
import ledger.domain.Reason;

/** Other writers kept appending to the command's streams through every retry. */
public final class ConflictsExhaustedException extends LedgerException {

  public ConflictsExhaustedException(int attempts, String detail) {
    super(Reason.CONCURRENCY_CONFLICT,
        "gave up after " + attempts + " attempts: other writers kept changing the account (" + detail + ")",
        Map.of("attempts", Integer.toString(attempts)));
  }
}
