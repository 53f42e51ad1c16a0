package ledger.domain;

import java.util.List;

/** Anything a caller asks of the ledger: a command on one account, or a transfer between two. */
public sealed interface LedgerCommand permits AccountCommand, Transfer {

  /** The accounts the command reads and may change, in no particular order. */
  List<AccountId> accounts();
}
