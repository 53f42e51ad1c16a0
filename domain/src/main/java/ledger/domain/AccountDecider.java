package ledger.domain;

import java.util.Map;
import java.util.Optional;

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
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;

/**
 * One account's rules: {@code decide} turns a command on it and its state into events (reached
 * through {@link LedgerDecider}); {@code evolve} folds an event into the state.
 */
public final class AccountDecider {

  private AccountDecider() {
  }

  static Decision decide(AccountCommand command, Account state) {
    if (command instanceof OpenAccount open) {
      return open(open, state);
    }
    return existsAtVersion(command, state).map(Decision::reject).orElseGet(() -> decideOnExisting(command, state));
  }

  private static Decision decideOnExisting(AccountCommand command, Account state) {
    if (command instanceof Deposit deposit) {
      return deposit(deposit, state);
    } else if (command instanceof Withdraw withdraw) {
      return withdraw(withdraw, state);
    } else if (command instanceof FreezeAccount freeze) {
      return freeze(freeze, state);
    } else if (command instanceof UnfreezeAccount unfreeze) {
      return unfreeze(unfreeze, state);
    } else if (command instanceof CloseAccount close) {
      return close(close, state);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  public static Account evolve(Account state, AccountEvent event) {
    long version = state.version() + 1;
    if (event instanceof AccountOpened opened) {
      return new Account(state.id(), AccountStatus.OPEN, opened.currency(), 0, opened.overdraftLimitMinor(), version);
    } else if (event instanceof MoneyDeposited deposited) {
      return withBalance(state, state.balanceMinor() + deposited.amountMinor(), version);
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return withBalance(state, state.balanceMinor() - withdrawn.amountMinor(), version);
    } else if (event instanceof TransferSent sent) {
      return withBalance(state, state.balanceMinor() - sent.amountMinor(), version);
    } else if (event instanceof TransferReceived received) {
      return withBalance(state, state.balanceMinor() + received.amountMinor(), version);
    } else if (event instanceof AccountFrozen) {
      return withStatus(state, AccountStatus.FROZEN, version);
    } else if (event instanceof AccountUnfrozen) {
      return withStatus(state, AccountStatus.OPEN, version);
    } else if (event instanceof AccountClosed) {
      return withStatus(state, AccountStatus.CLOSED, version);
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
      return Decision.reject(new Rejection(Reason.ACCOUNT_ALREADY_EXISTS,
          "account " + open.accountId() + " already exists", Map.of("account_id", open.accountId().value())));
    }
    return Decision.accept(state.id(), new AccountOpened(open.currency(), open.overdraftLimitMinor()));
  }

  private static Decision deposit(Deposit deposit, Account state) {
    return PostingRules.canPost(state, deposit.currency())
        .or(() -> PostingRules.canCredit(state, deposit.amountMinor()))
        .map(Decision::reject)
        .orElseGet(() -> Decision.accept(state.id(), new MoneyDeposited(deposit.amountMinor(), deposit.currency(),
            deposit.reference(), state.balanceMinor() + deposit.amountMinor())));
  }

  private static Decision withdraw(Withdraw withdraw, Account state) {
    return PostingRules.canPost(state, withdraw.currency())
        .or(() -> PostingRules.canDebit(state, withdraw.amountMinor()))
        .map(Decision::reject)
        .orElseGet(() -> Decision.accept(state.id(), new MoneyWithdrawn(withdraw.amountMinor(), withdraw.currency(),
            withdraw.reference(), state.balanceMinor() - withdraw.amountMinor())));
  }

  private static Decision freeze(FreezeAccount freeze, Account state) {
    return switch (state.status()) {
      case CLOSED -> closed(state);
      case FROZEN -> Decision.accept(state.id());
      default -> Decision.accept(state.id(), new AccountFrozen(freeze.reason()));
    };
  }

  private static Decision unfreeze(UnfreezeAccount unfreeze, Account state) {
    return switch (state.status()) {
      case CLOSED -> closed(state);
      case FROZEN -> Decision.accept(state.id(), new AccountUnfrozen(unfreeze.reason()));
      default -> Decision.accept(state.id());
    };
  }

  private static Decision close(CloseAccount close, Account state) {
    if (state.status() == AccountStatus.CLOSED) {
      return Decision.accept(state.id());
    }
    if (state.status() == AccountStatus.FROZEN) {
      return Decision.reject(new Rejection(Reason.ACCOUNT_FROZEN,
          "account " + state.id() + " is frozen; unfreeze it before closing", Map.of("account_id", state.id().value())));
    }
    if (state.balanceMinor() != 0) {
      return Decision.reject(new Rejection(Reason.NON_ZERO_BALANCE,
          "account " + state.id() + " can only be closed at zero balance, it holds " + state.balanceMinor(),
          Map.of("account_id", state.id().value(), "balance_minor", Long.toString(state.balanceMinor()))));
    }
    return Decision.accept(state.id(), new AccountClosed());
  }

  /** Every command but opening needs the account, at the version the caller expects if it named one. */
  private static Optional<Rejection> existsAtVersion(AccountCommand command, Account state) {
    AccountId id = command.accountId();
    if (!state.exists()) {
      return Optional.of(Rejection.accountNotFound(id));
    }
    if (command.expectedVersion().isPresent() && command.expectedVersion().getAsLong() != state.version()) {
      long expected = command.expectedVersion().getAsLong();
      return Optional.of(new Rejection(Reason.VERSION_MISMATCH,
          "account " + id + " is at version " + state.version() + ", expected " + expected,
          Map.of("account_id", id.value(), "expected_version", Long.toString(expected),
              "actual_version", Long.toString(state.version()))));
    }
    return Optional.empty();
  }

  private static Decision closed(Account state) {
    return Decision.reject(new Rejection(Reason.ACCOUNT_CLOSED, "account " + state.id() + " is closed",
        Map.of("account_id", state.id().value())));
  }

  private static Account withBalance(Account state, long balanceMinor, long version) {
    return new Account(state.id(), state.status(), state.currency(), balanceMinor, state.overdraftLimitMinor(), version);
  }

  private static Account withStatus(Account state, AccountStatus status, long version) {
    return new Account(state.id(), status, state.currency(), state.balanceMinor(), state.overdraftLimitMinor(), version);
  }
}
