package ledger.domain;

import static ledger.domain.AccountExamples.EUR;
import static ledger.domain.AccountExamples.MAX;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.withdraw;
import static ledger.domain.AccountExamples.withdrawExpectingVersion;
import static ledger.domain.AccountExamples.withdrawn;
import static ledger.domain.AccountSpecification.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

class WithdrawingTest {

  @Test
  void withdrawing_within_the_balance_records_the_new_balance() {
    given(opened(USD), deposited(100, 100))
        .when(withdraw(30))
        .then(withdrawn(30, 70));
  }

  @Test
  void withdrawing_exactly_to_the_overdraft_limit_is_accepted() {
    given(opened(USD, 500), deposited(100, 100))
        .when(withdraw(600))
        .then(withdrawn(600, -500));
  }

  @Test
  void withdrawing_past_the_overdraft_limit_is_refused() {
    given(opened(USD, 500), deposited(100, 100))
        .when(withdraw(601))
        .thenRejected(Reason.INSUFFICIENT_FUNDS)
        .withDetails(Map.of("account_id", "acc-1",
            "balance_minor", "100",
            "overdraft_limit_minor", "500",
            "available_minor", "600",
            "amount_minor", "601"));
  }

  @Test
  void withdrawing_past_the_balance_without_an_overdraft_is_refused() {
    given(opened(USD), deposited(100, 100))
        .when(withdraw(101))
        .thenRejected(Reason.INSUFFICIENT_FUNDS)
        .withDetails(Map.of("account_id", "acc-1",
            "balance_minor", "100",
            "overdraft_limit_minor", "0",
            "available_minor", "100",
            "amount_minor", "101"));
  }

  @Test
  void withdrawing_the_largest_amount_against_the_largest_overdraft_does_not_overflow() {
    given(opened(USD, MAX), withdrawn(MAX, -MAX))
        .when(withdraw(MAX))
        .thenRejected(Reason.INSUFFICIENT_FUNDS)
        .withDetails(Map.of("account_id", "acc-1",
            "balance_minor", Long.toString(-MAX),
            "overdraft_limit_minor", Long.toString(MAX),
            "available_minor", "0",
            "amount_minor", Long.toString(MAX)));
  }

  @Test
  void withdrawing_from_an_account_that_does_not_exist_is_refused() {
    given()
        .when(withdraw(30))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND);
  }

  @Test
  void withdrawing_another_currency_is_refused() {
    given(opened(USD), deposited(100, 100))
        .when(withdraw(30, EUR))
        .thenRejected(Reason.CURRENCY_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "account_currency", "USD", "requested_currency", "EUR"));
  }

  @Test
  void withdrawing_at_the_expected_version_is_accepted() {
    given(opened(USD), deposited(100, 100))
        .when(withdrawExpectingVersion(30, 2))
        .then(withdrawn(30, 70));
  }

  @Test
  void withdrawing_at_a_stale_version_is_refused() {
    given(opened(USD), deposited(100, 100), withdrawn(30, 70))
        .when(withdrawExpectingVersion(30, 2))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "2", "actual_version", "3"));
  }
}
