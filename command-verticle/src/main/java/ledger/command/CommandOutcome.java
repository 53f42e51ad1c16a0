package ledger.command;

import java.util.Map;
import java.util.TreeMap;

import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.store.Checkpoint;

/**
 * The result of an accepted command.
 *
 * @param versions        stream version of each account the command names, after it
 * @param commitPoint     where its last event sits in commit order; START when it appended nothing
 * @param eventsAppended  events this execution appended (0 for a no-op or a repeat)
 * @param deduplicated    the command id had been executed before; this is that result
 */
public record CommandOutcome(Map<AccountId, Long> versions, Checkpoint commitPoint, int eventsAppended,
                             boolean deduplicated) {

  public CommandOutcome {
    versions = new TreeMap<>(versions);
  }

  public ConsistencyToken token() {
    return new ConsistencyToken(versions, commitPoint);
  }
}
