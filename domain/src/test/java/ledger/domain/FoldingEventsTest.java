package ledger.domain;

import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.closed;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.frozen;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.unfrozen;
import static ledger.domain.AccountExamples.withdrawn;
import static ledger.domain.TransferExamples.PAYEE;
import static ledger.domain.TransferExamples.PAYER;
import static ledger.domain.TransferExamples.received;
import static ledger.domain.TransferExamples.sent;
import static ledger.domain.TransferExamples.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import org.junit.jupiter.api.Test;

class FoldingEventsTest {

  private static final Account UNOPENED = Account.unopened(ACCOUNT);

  @Test
  void an_account_with_no_events_is_unopened_at_version_zero() {
    Account account = AccountDecider.fold(UNOPENED, List.of());

    assertThat(account).isEqualTo(new Account(ACCOUNT, AccountStatus.UNOPENED, null, 0, 0, 0));
    assertThat(account.exists()).isFalse();
  }

  @Test
  void the_first_event_is_version_one() {
    Account account = AccountDecider.evolve(UNOPENED, opened(USD, 500));

    assertThat(account).isEqualTo(new Account(ACCOUNT, AccountStatus.OPEN, USD, 0, 500, 1));
    assertThat(account.exists()).isTrue();
  }

  @Test
  void each_event_adds_one_to_the_version_and_moves_the_balance() {
    Account account = AccountDecider.fold(UNOPENED,
        List.of(opened(USD, 500), deposited(100, 100), withdrawn(30, 70), withdrawn(200, -130)));

    assertThat(account).isEqualTo(new Account(ACCOUNT, AccountStatus.OPEN, USD, -130, 500, 4));
  }

  @Test
  void folding_continues_from_the_state_it_is_given() {
    Account halfway = AccountDecider.fold(UNOPENED, List.of(opened(USD), deposited(100, 100)));

    Account account = AccountDecider.fold(halfway, List.of(deposited(5, 105)));

    assertThat(account.version()).isEqualTo(3);
    assertThat(account.balanceMinor()).isEqualTo(105);
  }

  @Test
  void replay_recomputes_the_balance_rather_than_trusting_the_recorded_one() {
    Account account = AccountDecider.fold(UNOPENED, List.of(opened(USD), deposited(100, 999)));

    assertThat(account.balanceMinor()).isEqualTo(100);
  }

  @Test
  void sending_a_transfer_lowers_the_balance_and_adds_one_to_the_version() {
    Account account = AccountDecider.fold(UNOPENED, List.of(opened(USD, 500), deposited(100, 100), sent(250, -150)));

    assertThat(account).isEqualTo(new Account(ACCOUNT, AccountStatus.OPEN, USD, -150, 500, 3));
  }

  @Test
  void receiving_a_transfer_raises_the_balance_and_adds_one_to_the_version() {
    Account account = AccountDecider.fold(UNOPENED, List.of(opened(USD), deposited(100, 100), received(250, 350)));

    assertThat(account).isEqualTo(new Account(ACCOUNT, AccountStatus.OPEN, USD, 350, 0, 3));
  }

  @Test
  void replay_recomputes_transfer_balances_rather_than_trusting_the_recorded_ones() {
    Account account = AccountDecider.fold(UNOPENED, List.of(opened(USD), received(100, 999), sent(30, -999)));

    assertThat(account.balanceMinor()).isEqualTo(70);
  }

  @Test
  void freezing_unfreezing_and_closing_change_the_status_and_version_but_not_the_money() {
    Account open = AccountDecider.fold(UNOPENED, List.of(opened(USD, 500), deposited(100, 100)));

    Account frozenAccount = AccountDecider.evolve(open, frozen(REASON));
    Account unfrozenAccount = AccountDecider.evolve(frozenAccount, unfrozen(REASON));
    Account closedAccount = AccountDecider.evolve(unfrozenAccount, closed());

    assertThat(frozenAccount).isEqualTo(new Account(ACCOUNT, AccountStatus.FROZEN, USD, 100, 500, 3));
    assertThat(unfrozenAccount).isEqualTo(new Account(ACCOUNT, AccountStatus.OPEN, USD, 100, 500, 4));
    assertThat(closedAccount).isEqualTo(new Account(ACCOUNT, AccountStatus.CLOSED, USD, 100, 500, 5));
  }

  @Test
  void an_accepted_transfer_moves_exactly_its_amount_from_payer_to_payee() {
    Account payer = AccountDecider.fold(Account.unopened(PAYER), List.of(opened(USD, 500), deposited(100, 100)));
    Account payee = AccountDecider.fold(Account.unopened(PAYEE), List.of(opened(USD), deposited(40, 40)));

    var accepted = (Decision.Accepted) LedgerDecider.decide(transfer(350), Map.of(PAYER, payer, PAYEE, payee));
    var sent = (TransferSent) accepted.eventsOf(PAYER).get(0);
    var received = (TransferReceived) accepted.eventsOf(PAYEE).get(0);
    Account payerAfter = AccountDecider.evolve(payer, sent);
    Account payeeAfter = AccountDecider.evolve(payee, received);

    assertThat(payer.balanceMinor() - payerAfter.balanceMinor()).isEqualTo(350);
    assertThat(payeeAfter.balanceMinor() - payee.balanceMinor()).isEqualTo(350);
    assertThat(payerAfter.balanceMinor() + payeeAfter.balanceMinor())
        .isEqualTo(payer.balanceMinor() + payee.balanceMinor());
    assertThat(payerAfter.balanceMinor()).isEqualTo(sent.balanceAfterMinor());
    assertThat(payeeAfter.balanceMinor()).isEqualTo(received.balanceAfterMinor());
    assertThat(payerAfter.version()).isEqualTo(payer.version() + 1);
    assertThat(payeeAfter.version()).isEqualTo(payee.version() + 1);
  }
}
