package ledger.domain;

import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A new event or command type cannot be added without {@code evolve} and {@code decide} handling it. */
class EveryTypeIsHandledTest {

  private static final Map<Class<?>, AccountEvent> SAMPLE_EVENTS = Map.of(
      AccountOpened.class, opened(USD, 100),
      MoneyDeposited.class, AccountExamples.deposited(50, 50),
      MoneyWithdrawn.class, AccountExamples.withdrawn(20, 30));

  private static final Map<Class<?>, AccountCommand> SAMPLE_COMMANDS = Map.of(
      OpenAccount.class, AccountExamples.open(USD, 0),
      Deposit.class, AccountExamples.deposit(10),
      Withdraw.class, AccountExamples.withdraw(10));

  static Stream<Class<?>> eventTypes() {
    return Arrays.stream(AccountEvent.class.getPermittedSubclasses());
  }

  static Stream<Class<?>> commandTypes() {
    return Arrays.stream(AccountCommand.class.getPermittedSubclasses());
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
    AccountCommand command = sampleOf(type, SAMPLE_COMMANDS);

    for (Account state : List.of(Account.unopened(ACCOUNT),
        AccountDecider.fold(Account.unopened(ACCOUNT), List.of(opened(USD))))) {
      assertThat(AccountDecider.decide(command, state)).isNotNull();
    }
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
