package ledger.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;

/**
 * The rules of a transfer: both accounts open, in the transfer's currency; the payer can
 * pay, the payee can hold it. Accepted, it is one event on each account; refused, none.
 */
final class TransferDecider {

  private TransferDecider() {
  }

  static Decision decide(Transfer transfer, Account from, Account to) {
    return PostingRules.canPost(from, transfer.currency())
        .or(() -> PostingRules.canPost(to, transfer.currency()))
        .or(() -> PostingRules.canDebit(from, transfer.amountMinor()))
        .or(() -> PostingRules.canCredit(to, transfer.amountMinor()))
        .map(Decision::reject)
        .orElseGet(() -> moved(transfer, from, to));
  }

  private static Decision moved(Transfer transfer, Account from, Account to) {
    Map<AccountId, List<AccountEvent>> events = new LinkedHashMap<>();
    events.put(transfer.from(), List.of(new TransferSent(transfer.amountMinor(), transfer.currency(), transfer.to(),
        transfer.reference(), from.balanceMinor() - transfer.amountMinor())));
    events.put(transfer.to(), List.of(new TransferReceived(transfer.amountMinor(), transfer.currency(),
        transfer.from(), transfer.reference(), to.balanceMinor() + transfer.amountMinor())));
    return new Decision.Accepted(events);
  }
}
