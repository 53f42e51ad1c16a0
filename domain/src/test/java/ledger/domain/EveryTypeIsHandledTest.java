package ledger.domain;

import static java.util.Map.entry;
import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A new event or command type cannot be added without {@code evolve} and {@code decide} handling it. */
class EveryTypeIsHandledTest {

  private static final Map<Class<?>, AccountEvent> SAMPLE_EVENTS = Map.ofEntries(
      entry(AccountOpened.class, opened(USD, 100)),
      entry(MoneyDeposited.class, AccountExamples.deposited(50, 50)),
      entry(MoneyWithdrawn.class, AccountExamples.withdrawn(20, 30)),
      entry(TransferSent.class, TransferExamples.sent(20, -20)),
      entry(TransferReceived.class, TransferExamples.received(20, 20)),
      entry(AccountFrozen.class, AccountExamples.frozen(REASON)),
      entry(AccountUnfrozen.class, AccountExamples.unfrozen(REASON)),
      entry(AccountClosed.class, AccountExamples.closed()));

  private static final Map<Class<?>, LedgerCommand> SAMPLE_COMMANDS = Map.ofEntries(
      entry(OpenAccount.class, AccountExamples.open(USD, 0)),
      entry(Deposit.class, AccountExamples.deposit(10)),
      entry(Withdraw.class, AccountExamples.withdraw(10)),
      entry(FreezeAccount.class, AccountExamples.freeze(REASON)),
      entry(UnfreezeAccount.class, AccountExamples.unfreeze(REASON)),
      entry(CloseAccount.class, AccountExamples.close()),
      entry(Transfer.class, TransferExamples.transfer(10)));

  static Stream<Class<?>> eventTypes() {
    return leavesOf(AccountEvent.class);
  }

  static Stream<Class<?>> commandTypes() {
    return leavesOf(LedgerCommand.class);
  }

  /** The concrete types under a sealed type, however deep the sealed hierarchy goes. */
  private static Stream<Class<?>> leavesOf(Class<?> type) {
    if (!type.isSealed()) {
      return Stream.of(type);
    }
    return Arrays.stream(type.getPermittedSubclasses()).flatMap(EveryTypeIsHandledTest::leavesOf);
  }

  @Test
  void the_walk_reaches_commands_on_one_account_and_on_two() {
    assertThat(commandTypes()).contains(Deposit.class, CloseAccount.class, Transfer.class)
        .doesNotContain(AccountCommand.class, LedgerCommand.class);
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void evolve_handles_every_event_type(Class<?> type) {
    AccountEvent event = sampleOf(type, SAMPLE_EVENTS);
    Account before = AccountDecider.fold(Account.unopened(ACCOUNT), List.of(opened(USD)));

    assertThat(AccountDecider.evolve(before, event).version()).isEqualTo(before.version() + 1);
  }

  @ParameterizedTest
  @MethodSource("commandTypes")
  void decide_handles_every_command_type(Class<?> type) {
    LedgerCommand command = sampleOf(type, SAMPLE_COMMANDS);

    for (Account first : states(command.accounts().get(0))) {
      for (Account second : states(command.accounts().get(command.accounts().size() - 1))) {
        assertThat(decide(command, first, second)).as("deciding %s", command).isNotNull();
      }
    }
  }

  private static Decision decide(LedgerCommand command, Account first, Account second) {
    Map<AccountId, Account> states = new HashMap<>();
    states.put(first.id(), first);
    states.put(second.id(), second);
    return LedgerDecider.decide(command, states);
  }

  /** One account in every status it can be in. */
  private static List<Account> states(AccountId id) {
    Account unopened = Account.unopened(id);
    Account open = AccountDecider.evolve(unopened, opened(USD));
    return List.of(unopened, open,
        AccountDecider.evolve(open, AccountExamples.frozen(REASON)),
        AccountDecider.evolve(open, AccountExamples.closed()));
  }

  private static <T> T sampleOf(Class<?> type, Map<Class<?>, T> samples) {
    T sample = samples.get(type);
    if (sample == null) {
      return fail("add a sample for " + type.getName() + " to " + EveryTypeIsHandledTest.class.getSimpleName());
    }
    assertThat(sample).isInstanceOf(type);
    return sample;
  }
}
