package ledger.store;

import java.time.Instant;
import java.util.Map;

import ledger.domain.AccountId;
import ledger.domain.CommandId;

/**
 * What an executed command left behind, to answer its repeats with the same result: among it
 * who asked (the subject, null when anonymous or recorded before subjects were).
 */
public record CommandRecord(CommandId commandId, byte[] fingerprint, String commandType, long globalPosition,
                            long transactionId, Map<AccountId, Long> versions, Instant recordedAt, String subject) {

  public CommandRecord {
    versions = Map.copyOf(versions);
  }

  /** Where its last event sits in commit order; START for a command that appended nothing. */
  public Checkpoint checkpoint() {
    return globalPosition == 0 ? Checkpoint.START : new Checkpoint(transactionId, globalPosition);
  }
}
