package ledger.domain;

import java.util.Map;

import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;

/** The account's rules: {@code decide} turns a command and a state into events; {@code evolve} folds them. */
public final class AccountDecider {

  private AccountDecider() {
  }

  public static Decision decide(AccountCommand command, Account state) {
    if (command instanceof OpenAccount open) {
      return open(open, state);
    }
    Rejection refused = checkCanPost(command, state);
    if (refused != null) {
      return new Decision.Rejected(refused);
    }
    if (command instanceof Deposit deposit) {
      return deposit(deposit, state);
    } else if (command instanceof Withdraw withdraw) {
      return withdraw(withdraw, state);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  public static Account evolve(Account state, AccountEvent event) {
    long version = state.version() + 1;
    if (event instanceof AccountOpened opened) {
      return new Account(state.id(), AccountStatus.OPEN, opened.currency(), 0,
          opened.overdraftLimitMinor(), version);
    } else if (event instanceof MoneyDeposited deposited) {
      return withBalance(state, state.balanceMinor() + deposited.amountMinor(), version);
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return withBalance(state, state.balanceMinor() - withdrawn.amountMinor(), version);
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  public static Account fold(Account state, Iterable<? extends AccountEvent> events) {
    Account current = state;
    for (AccountEvent event : events) {
      current = evolve(current, event);
    }
    return current;
  }

  private static Decision open(OpenAccount open, Account state) {
    if (state.exists()) {
      return Decision.reject(Reason.ACCOUNT_ALREADY_EXISTS, "account " + open.accountId() + " already exists");
    }
    return Decision.accept(new AccountOpened(open.currency(), open.overdraftLimitMinor()));
  }

  private static Decision deposit(Deposit deposit, Account state) {
    long balanceAfter;
    try {
      balanceAfter = Math.addExact(state.balanceMinor(), deposit.amountMinor());
    } catch (ArithmeticException overflow) {
      return new Decision.Rejected(new Rejection(Reason.BALANCE_OVERFLOW,
          "depositing " + deposit.amountMinor() + " would overflow the balance of " + state.id(),
          Map.of("balance_minor", Long.toString(state.balanceMinor()),
              "amount_minor", Long.toString(deposit.amountMinor()))));
    }
    return Decision.accept(new MoneyDeposited(deposit.amountMinor(), deposit.currency(),
        deposit.reference(), balanceAfter));
  }

  private static Decision withdraw(Withdraw withdraw, Account state) {
    long balanceAfter = state.balanceMinor() - withdraw.amountMinor();
    if (balanceAfter < -state.overdraftLimitMinor()) {
      long available = state.balanceMinor() + state.overdraftLimitMinor();
      return new Decision.Rejected(new Rejection(Reason.INSUFFICIENT_FUNDS,
          "account " + state.id() + " has " + available + " available, " + withdraw.amountMinor() + " requested",
          Map.of("balance_minor", Long.toString(state.balanceMinor()),
              "overdraft_limit_minor", Long.toString(state.overdraftLimitMinor()),
              "available_minor", Long.toString(available),
              "amount_minor", Long.toString(withdraw.amountMinor()))));
    }
    return Decision.accept(new MoneyWithdrawn(withdraw.amountMinor(), withdraw.currency(),
        withdraw.reference(), balanceAfter));
  }

  /** The checks every posting shares, in the order a caller would want to hear them. */
  private static Rejection checkCanPost(AccountCommand command, Account state) {
    AccountId id = command.accountId();
    if (!state.exists()) {
      return Rejection.of(Reason.ACCOUNT_NOT_FOUND, "account " + id + " does not exist");
    }
    if (command.expectedVersion().isPresent() && command.expectedVersion().getAsLong() != state.version()) {
      long expected = command.expectedVersion().getAsLong();
      return new Rejection(Reason.VERSION_MISMATCH,
          "account " + id + " is at version " + state.version() + ", expected " + expected,
          Map.of("expected_version", Long.toString(expected), "actual_version", Long.toString(state.version())));
    }
    if (state.status() == AccountStatus.CLOSED) {
      return Rejection.of(Reason.ACCOUNT_CLOSED, "account " + id + " is closed");
    }
    if (state.status() == AccountStatus.FROZEN) {
      return Rejection.of(Reason.ACCOUNT_FROZEN, "account " + id + " is frozen");
    }
    Currency requested = currencyOf(command);
    if (!requested.equals(state.currency())) {
      return new Rejection(Reason.CURRENCY_MISMATCH,
          "account " + id + " holds " + state.currency() + ", not " + requested,
          Map.of("account_currency", state.currency().code(), "requested_currency", requested.code()));
    }
    return null;
  }

  private static Currency currencyOf(AccountCommand command) {
    if (command instanceof Deposit deposit) {
      return deposit.currency();
    } else if (command instanceof Withdraw withdraw) {
      return withdraw.currency();
    }
    throw new IllegalArgumentException("no currency on " + command);
  }

  private static Account withBalance(Account state, long balanceMinor, long version) {
    return new Account(state.id(), state.status(), state.currency(), balanceMinor,
        state.overdraftLimitMinor(), version);
  }
}
