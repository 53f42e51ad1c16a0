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
    Map<AccountId, Account> before = new LinkedHashMap<>();
    command.accounts().forEach(id -> before.put(id, states.get(id)));
    Decision decision = LedgerDecider.decide(command, before);
    if (decision instanceof Decision.Rejected rejected) {
      return new Step(command, List.copyOf(before.values()), List.of(), rejected.rejection());
    }
    List<Applied> applied = new ArrayList<>();
    ((Decision.Accepted) decision).events().forEach((id, events) -> events.forEach(event -> applied.add(apply(id, event))));
    return new Step(command, List.copyOf(before.values()), applied, null);
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
