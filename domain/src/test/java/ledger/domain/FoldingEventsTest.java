package ledger.domain;

import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
}
