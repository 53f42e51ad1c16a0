package ledger.domain;

import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.PostingRules.Posted;

/** The rules of a transfer: both accounts open, in the transfer's currency; the payer can pay, the payee can hold it. */
public final class TransferDecider {

  private TransferDecider() {
  }

  public static TransferDecision decide(Transfer transfer, Account from, Account to) {
    if (!from.id().equals(transfer.from()) || !to.id().equals(transfer.to())) {
      throw new IllegalArgumentException("states of " + from.id() + " and " + to.id() + " given for " + transfer);
    }
    Rejection refused = PostingRules.canPost(from, transfer.currency());
    if (refused == null) {
      refused = PostingRules.canPost(to, transfer.currency());
    }
    if (refused != null) {
      return new TransferDecision.Rejected(refused);
    }
    Posted debited = PostingRules.debit(from, transfer.amountMinor());
    if (debited.isRefused()) {
      return new TransferDecision.Rejected(debited.refusal());
    }
    Posted credited = PostingRules.credit(to, transfer.amountMinor());
    if (credited.isRefused()) {
      return new TransferDecision.Rejected(credited.refusal());
    }
    return new TransferDecision.Accepted(
        new TransferSent(transfer.amountMinor(), transfer.currency(), transfer.to(), transfer.reference(),
            debited.balanceAfterMinor()),
        new TransferReceived(transfer.amountMinor(), transfer.currency(), transfer.from(), transfer.reference(),
            credited.balanceAfterMinor()));
  }
}
