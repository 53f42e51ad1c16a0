package ledger.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ledger.domain.Account;
import ledger.domain.AccountCommand;
import ledger.domain.AccountDecider;
import ledger.domain.AccountEvent;
import ledger.domain.AccountId;
import ledger.domain.Decision;
import ledger.domain.LedgerCommand;
import ledger.domain.Rejection;
import ledger.domain.Transfer;
import ledger.domain.TransferDecider;
import ledger.domain.TransferDecision;

/** What the domain decided for a command: events per account (possibly none), or a refusal. */
record Decided(Map<AccountId, List<AccountEvent>> events, Rejection rejection) {

  static Decided of(LedgerCommand command, Map<AccountId, Account> states) {
    if (command instanceof AccountCommand single) {
      Decision decision = AccountDecider.decide(single, states.get(single.accountId()));
      if (decision instanceof Decision.Accepted accepted) {
        return new Decided(Map.of(single.accountId(), accepted.events()), null);
      }
      return new Decided(Map.of(), ((Decision.Rejected) decision).rejection());
    } else if (command instanceof Transfer transfer) {
      TransferDecision decision = TransferDecider.decide(transfer, states.get(transfer.from()), states.get(transfer.to()));
      if (decision instanceof TransferDecision.Accepted accepted) {
        Map<AccountId, List<AccountEvent>> events = new LinkedHashMap<>();
        events.put(transfer.from(), List.of(accepted.sent()));
        events.put(transfer.to(), List.of(accepted.received()));
        return new Decided(events, null);
      }
      return new Decided(Map.of(), ((TransferDecision.Rejected) decision).rejection());
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  boolean refused() {
    return rejection != null;
  }

  /** Accepted, and something to append. */
  boolean changes() {
    return !refused() && events.values().stream().anyMatch(list -> !list.isEmpty());
  }

  int eventCount() {
    return events.values().stream().mapToInt(List::size).sum();
  }
}
