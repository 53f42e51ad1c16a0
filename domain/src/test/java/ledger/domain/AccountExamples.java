package ledger.domain;

import java.util.OptionalLong;

import ledger.domain.AccountCommand.CloseAccount;
import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.FreezeAccount;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.UnfreezeAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;

/** The account, currencies, commands and events the specifications talk about. */
final class AccountExamples {

  static final AccountId ACCOUNT = AccountId.of("acc-1");
  static final Currency USD = Currency.of("USD");
  static final Currency EUR = Currency.of("EUR");
  static final String REFERENCE = "invoice-42";
  static final String REASON = "fraud review";
  static final long MAX = Amounts.MAX_AMOUNT_MINOR;

  private AccountExamples() {
  }

  static AccountOpened opened(Currency currency) {
    return opened(currency, 0);
  }

  static AccountOpened opened(Currency currency, long overdraftLimitMinor) {
    return new AccountOpened(currency, overdraftLimitMinor);
  }

  static MoneyDeposited deposited(long amountMinor, long balanceAfterMinor) {
    return new MoneyDeposited(amountMinor, USD, REFERENCE, balanceAfterMinor);
  }

  static MoneyWithdrawn withdrawn(long amountMinor, long balanceAfterMinor) {
    return new MoneyWithdrawn(amountMinor, USD, REFERENCE, balanceAfterMinor);
  }

  static AccountFrozen frozen(String reason) {
    return new AccountFrozen(reason);
  }

  static AccountUnfrozen unfrozen(String reason) {
    return new AccountUnfrozen(reason);
  }

  static AccountClosed closed() {
    return new AccountClosed();
  }

  static OpenAccount open(Currency currency, long overdraftLimitMinor) {
    return new OpenAccount(ACCOUNT, currency, overdraftLimitMinor);
  }

  static Deposit deposit(long amountMinor) {
    return deposit(amountMinor, USD);
  }

  static Deposit deposit(long amountMinor, Currency currency) {
    return new Deposit(ACCOUNT, amountMinor, currency, REFERENCE, OptionalLong.empty());
  }

  static Deposit depositExpectingVersion(long amountMinor, long expectedVersion) {
    return new Deposit(ACCOUNT, amountMinor, USD, REFERENCE, OptionalLong.of(expectedVersion));
  }

  static Withdraw withdraw(long amountMinor) {
    return withdraw(amountMinor, USD);
  }

  static Withdraw withdraw(long amountMinor, Currency currency) {
    return new Withdraw(ACCOUNT, amountMinor, currency, REFERENCE, OptionalLong.empty());
  }

  static Withdraw withdrawExpectingVersion(long amountMinor, long expectedVersion) {
    return new Withdraw(ACCOUNT, amountMinor, USD, REFERENCE, OptionalLong.of(expectedVersion));
  }

  static FreezeAccount freeze(String reason) {
    return new FreezeAccount(ACCOUNT, reason, OptionalLong.empty());
  }

  static FreezeAccount freezeExpectingVersion(long expectedVersion) {
    return new FreezeAccount(ACCOUNT, REASON, OptionalLong.of(expectedVersion));
  }

  static UnfreezeAccount unfreeze(String reason) {
    return new UnfreezeAccount(ACCOUNT, reason, OptionalLong.empty());
  }

  static UnfreezeAccount unfreezeExpectingVersion(long expectedVersion) {
    return new UnfreezeAccount(ACCOUNT, REASON, OptionalLong.of(expectedVersion));
  }

  static CloseAccount close() {
    return new CloseAccount(ACCOUNT, OptionalLong.empty());
  }

  static CloseAccount closeExpectingVersion(long expectedVersion) {
    return new CloseAccount(ACCOUNT, OptionalLong.of(expectedVersion));
  }
}
