package ledger.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules decide for a command: the events to append to each account it names
 * (possibly none: a command that changes nothing is accepted and appends nothing), or the
 * rejection that refuses it whole.
 */
public sealed interface Decision {

  /** Events per account, in the order the accounts were decided; an account may have none. */
  record Accepted(Map<AccountId, List<AccountEvent>> events) implements Decision {

    public Accepted {
      Map<AccountId, List<AccountEvent>> copy = new LinkedHashMap<>();
      events.forEach((id, list) -> copy.put(id, List.copyOf(list)));
      events = Collections.unmodifiableMap(copy);
    }

    public List<AccountEvent> eventsOf(AccountId id) {
      return events.getOrDefault(id, List.of());
    }

    public int eventCount() {
      return events.values().stream().mapToInt(List::size).sum();
    }

    /** False for an accepted no-op: freezing a frozen account, closing a closed one. */
    public boolean changesSomething() {
      return eventCount() > 0;
    }
  }

  record Rejected(Rejection rejection) implements Decision {
  }

  static Decision accept(AccountId id, AccountEvent... events) {
    return new Accepted(Map.of(id, List.of(events)));
  }

  static Decision reject(Rejection rejection) {
    return new Rejected(rejection);
  }
}
