package ledger.domain;

/**
 * What happened to one account. Events are facts: once appended they never change,
 * so a new shape gets a new schema version and an upcaster, never an edit here
 * that breaks reading old rows.
 */
public sealed interface AccountEvent {

  record AccountOpened(Currency currency, long overdraftLimitMinor) implements AccountEvent {
  }

  /** {@code balanceAfterMinor} is recorded for auditors and views; replay recomputes it. */
  record MoneyDeposited(long amountMinor, Currency currency, String reference, long balanceAfterMinor)
      implements AccountEvent {
  }

  record MoneyWithdrawn(long amountMinor, Currency currency, String reference, long balanceAfterMinor)
      implements AccountEvent {
  }

  record TransferSent(long amountMinor, Currency currency, AccountId to, String reference, long balanceAfterMinor)
      implements AccountEvent {
  }

  record TransferReceived(long amountMinor, Currency currency, AccountId from, String reference,
                          long balanceAfterMinor) implements AccountEvent {
  }

  record AccountFrozen(String reason) implements AccountEvent {
  }

  record AccountUnfrozen(String reason) implements AccountEvent {
  }

  record AccountClosed() implements AccountEvent {
  }
}
