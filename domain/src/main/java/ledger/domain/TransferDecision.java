package ledger.domain;

import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;

/** A transfer either moves money (one event on each account) or is refused whole. */
public sealed interface TransferDecision {

  record Accepted(TransferSent sent, TransferReceived received) implements TransferDecision {
  }

  record Rejected(Rejection rejection) implements TransferDecision {
  }
}
