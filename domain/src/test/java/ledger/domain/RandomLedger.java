package ledger.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.FreezeAccount;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.UnfreezeAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;

/**
 * A few USD accounts driven by seeded random commands: each is decided against the folded
 * states and, when accepted, its events are applied with {@code evolve} and kept as streams.
 */
final class RandomLedger {

  static final Currency USD = AccountExamples.USD;
  private static final Currency EUR = AccountExamples.EUR;
  private static final long MAX_OVERDRAFT = 1_000;

  /** One event applied to one account, and the state it led to. */
  record Applied(AccountId account, AccountEvent event, Account after) {
  }

  /** A command, the states of its accounts before it (in {@code accounts()} order), and what came of it. */
  record Step(LedgerCommand command, List<Account> before, List<Applied> applied, Rejection rejection) {
  }

  private final Random random;
  private final List<AccountId> ids = new ArrayList<>();
  private final Map<AccountId, Account> states = new LinkedHashMap<>();
  private final Map<AccountId, List<AccountEvent>> streams = new LinkedHashMap<>();
  private long depositedMinor;
  private long withdrawnMinor;

  RandomLedger(Random random, int accounts) {
    this.random = random;
    for (int i = 0; i < accounts; i++) {
      AccountId id = AccountId.of("acc-" + i);
      ids.add(id);
      states.put(id, Account.unopened(id));
      streams.put(id, new ArrayList<>());
      play(new OpenAccount(id, USD, random.nextLong(MAX_OVERDRAFT + 1)));
    }
  }

  Step playRandomCommand() {
    return play(randomCommand());
  }

  Map<AccountId, Account> states() {
    return Map.copyOf(states);
  }

  Map<AccountId, List<AccountEvent>> streams() {
    return Map.copyOf(streams);
  }

  long depositedMinor() {
    return depositedMinor;
  }

  long withdrawnMinor() {
    return withdrawnMinor;
  }

  private LedgerCommand randomCommand() {
    AccountId id = ids.get(random.nextInt(ids.size()));
    int roll = random.nextInt(100);
    if (roll < 25) {
      return new Deposit(id, 1 + random.nextInt(1_000), currency(), "r", OptionalLong.empty());
    } else if (roll < 50) {
      return new Withdraw(id, 1 + random.nextInt(1_500), currency(), "r", OptionalLong.empty());
    } else if (roll < 85) {
      AccountId to = ids.get((ids.indexOf(id) + 1 + random.nextInt(ids.size() - 1)) % ids.size());
      return new Transfer(id, to, 1 + random.nextInt(1_500), currency(), "r");
    } else if (roll < 89) {
      return new FreezeAccount(id, "review", OptionalLong.empty());
    }
    return new UnfreezeAccount(id, "cleared", OptionalLong.empty());
  }

  /** Mostly the accounts' own currency, now and then another, so mismatches get exercised too. */
  private Currency currency() {
    return random.nextInt(20) == 0 ? EUR : USD;
  }

  private Step play(LedgerCommand command) {
    List<Account> before = command.accounts().stream().map(states::get).toList();
    if (command instanceof AccountCommand onOne) {
      Decision decision = AccountDecider.decide(onOne, before.get(0));
      if (decision instanceof Decision.Rejected rejected) {
        return new Step(command, before, List.of(), rejected.rejection());
      }
      List<Applied> applied = new ArrayList<>();
      for (AccountEvent event : ((Decision.Accepted) decision).events()) {
        applied.add(apply(onOne.accountId(), event));
      }
      return new Step(command, before, applied, null);
    } else if (command instanceof Transfer transfer) {
      TransferDecision decision = TransferDecider.decide(transfer, before.get(0), before.get(1));
      if (decision instanceof TransferDecision.Rejected rejected) {
        return new Step(command, before, List.of(), rejected.rejection());
      }
      var accepted = (TransferDecision.Accepted) decision;
      return new Step(command, before,
          List.of(apply(transfer.from(), accepted.sent()), apply(transfer.to(), accepted.received())), null);
    }
    throw new IllegalArgumentException("cannot play " + command);
  }

  private Applied apply(AccountId id, AccountEvent event) {
    Account after = AccountDecider.evolve(states.get(id), event);
    states.put(id, after);
    streams.get(id).add(event);
    if (event instanceof MoneyDeposited deposited) {
      depositedMinor += deposited.amountMinor();
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      withdrawnMinor += withdrawn.amountMinor();
    }
    return new Applied(id, event, after);
  }
}
