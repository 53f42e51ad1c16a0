package ledger.domain;

import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.TransferExamples.PAYEE;
import static ledger.domain.TransferExamples.PAYER;
import static ledger.domain.TransferExamples.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import ledger.domain.AccountCommand.FreezeAccount;
import org.junit.jupiter.api.Test;

/** The one way in: commands on one account and on two meet the rules through the same call. */
class LedgerDeciderTest {

  private static final Account PAYER_WITH_100 =
      AccountDecider.fold(Account.unopened(PAYER), List.of(opened(USD), deposited(100, 100)));
  private static final Account PAYEE_OPEN = AccountDecider.fold(Account.unopened(PAYEE), List.of(opened(USD)));

  @Test
  void an_accepted_transfer_names_the_payer_first_then_the_payee() {
    Decision decision = LedgerDecider.decide(transfer(30), Map.of(PAYEE, PAYEE_OPEN, PAYER, PAYER_WITH_100));

    assertThat(decision).isInstanceOf(Decision.Accepted.class);
    Decision.Accepted accepted = (Decision.Accepted) decision;
    assertThat(accepted.events().keySet()).containsExactly(PAYER, PAYEE);
    assertThat(accepted.eventCount()).isEqualTo(2);
    assertThat(accepted.changesSomething()).isTrue();
  }

  @Test
  void an_accepted_no_op_changes_nothing_and_names_its_account() {
    Account frozen = AccountDecider.evolve(PAYER_WITH_100, AccountExamples.frozen("review"));

    Decision decision = LedgerDecider.decide(new FreezeAccount(PAYER, "again",
        OptionalLong.empty()), Map.of(PAYER, frozen));

    assertThat(decision).isEqualTo(new Decision.Accepted(Map.of(PAYER, List.of())));
    assertThat(((Decision.Accepted) decision).changesSomething()).isFalse();
  }

  @Test
  void deciding_without_the_state_of_an_account_the_command_names_is_a_programming_error() {
    assertThatThrownBy(() -> LedgerDecider.decide(transfer(30), Map.of(PAYER, PAYER_WITH_100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PAYEE.value());
  }
}
