package ledger.store;

import java.time.Instant;

import ledger.domain.AccountEvent;
import ledger.domain.AccountId;

/** An event as the store holds it. */
public record RecordedEvent(long globalPosition, long transactionId, AccountId streamId, long version,
                            AccountEvent event, EventMetadata metadata, Instant recordedAt) {

  public Checkpoint checkpoint() {
    return new Checkpoint(transactionId, globalPosition);
  }
}
