package ledger.command;

import java.util.LinkedHashMap;
import java.util.Map;

import ledger.domain.Account;
import ledger.domain.AccountId;

/**
 * Recently used account states, so a hot account is not replayed for every command.
 * Only an optimisation: an append decided on a stale state fails its optimistic
 * concurrency check, and the handler re-checks every refusal against fresh state.
 */
final class StateCache {

  private final Map<AccountId, Account> states;

  StateCache(int capacity) {
    this.states = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<AccountId, Account> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Account get(AccountId id) {
    return states.get(id);
  }

  synchronized void put(Account state) {
    states.put(state.id(), state);
  }

  synchronized void invalidate(AccountId id) {
    states.remove(id);
  }
}
