package ledger.store;

import ledger.domain.AccountId;

/**
 * A stored event this code cannot read: an unknown type or schema version (written by a newer
 * release), or a payload that does not decode. It keeps its place in its stream: nothing after
 * it in that stream may be applied until it is read, or balances would be wrong.
 */
public record UnreadableEvent(long globalPosition, long transactionId, AccountId streamId, long version,
                              String eventType, int schemaVersion, String problem) {

  public Checkpoint checkpoint() {
    return new Checkpoint(transactionId, globalPosition);
  }
}
