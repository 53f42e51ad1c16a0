package ledger.domain;

import java.util.OptionalLong;

/**
 * What a caller asks of one account. Building a command validates everything that
 * does not depend on the ledger's state; {@link AccountDecider} judges the rest.
 */
public sealed interface AccountCommand {

  AccountId accountId();

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
}
