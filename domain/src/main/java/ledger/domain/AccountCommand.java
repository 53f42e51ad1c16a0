package ledger.domain;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a caller asks of one account. Building a command validates everything that
 * does not depend on the ledger's state; {@link AccountDecider} judges the rest.
 */
public sealed interface AccountCommand extends LedgerCommand {

  AccountId accountId();

  @Override
  default List<AccountId> accounts() {
    return List.of(accountId());
  }

  /** The stream version the caller requires the account to be at; empty when any will do. */
  default OptionalLong expectedVersion() {
    return OptionalLong.empty();
  }

  record OpenAccount(AccountId accountId, Currency currency, long overdraftLimitMinor)
      implements AccountCommand {
    public OpenAccount {
      Amounts.requireOverdraftLimit(overdraftLimitMinor);
    }
  }

  record Deposit(AccountId accountId, long amountMinor, Currency currency, String reference,
                 OptionalLong expectedVersion) implements AccountCommand {
    public Deposit {
      Amounts.requirePositive(amountMinor);
      reference = Amounts.requireReference(reference);
    }
  }

  record Withdraw(AccountId accountId, long amountMinor, Currency currency, String reference,
                  OptionalLong expectedVersion) implements AccountCommand {
    public Withdraw {
      Amounts.requirePositive(amountMinor);
      reference = Amounts.requireReference(reference);
    }
  }

  /** Stops all debits and credits until unfrozen. Freezing a frozen account changes nothing. */
  record FreezeAccount(AccountId accountId, String reason, OptionalLong expectedVersion) implements AccountCommand {
    public FreezeAccount {
      reason = Amounts.requireReason(reason);
    }
  }

  /** Lets a frozen account move money again. Unfreezing an open account changes nothing. */
  record UnfreezeAccount(AccountId accountId, String reason, OptionalLong expectedVersion) implements AccountCommand {
    public UnfreezeAccount {
      reason = Amounts.requireReason(reason);
    }
  }

  /** Closes an account at zero balance, for good. Closing a closed account changes nothing. */
  record CloseAccount(AccountId accountId, OptionalLong expectedVersion) implements AccountCommand {
  }
}
