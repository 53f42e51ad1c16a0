package ledger.domain;

import java.util.List;

/** Moves money from one account to another of the same currency, both changes or neither. */
public record Transfer(AccountId from, AccountId to, long amountMinor, Currency currency, String reference)
    implements LedgerCommand {

  public Transfer {
    if (from.equals(to)) {
      throw new InvalidInputException(Reason.SELF_TRANSFER, "cannot transfer from " + from + " to itself");
    }
    Amounts.requirePositive(amountMinor);
    reference = Amounts.requireReference(reference);
  }

  @Override
  public List<AccountId> accounts() {
    return List.of(from, to);
  }
}
