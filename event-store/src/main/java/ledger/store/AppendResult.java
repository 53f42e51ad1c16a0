package ledger.store;

import java.time.Instant;

/** Where an append landed: its last event's position and the writing transaction. */
public record AppendResult(long globalPosition, long transactionId, Instant recordedAt) {

  public Checkpoint checkpoint() {
    return new Checkpoint(transactionId, globalPosition);
  }
}
