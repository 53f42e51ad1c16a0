package ledger.domain;

import static ledger.domain.AccountExamples.EUR;
import static ledger.domain.AccountExamples.MAX;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.deposit;
import static ledger.domain.AccountExamples.depositExpectingVersion;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountSpecification.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DepositingTest {

  /** Nine deposits of the largest amount: 9 * 10^18, within 2.2 * 10^17 of Long.MAX_VALUE. */
  private static final AccountEvent[] NEARLY_FULL = {
      opened(USD),
      deposited(MAX, MAX), deposited(MAX, 2 * MAX), deposited(MAX, 3 * MAX),
      deposited(MAX, 4 * MAX), deposited(MAX, 5 * MAX), deposited(MAX, 6 * MAX),
      deposited(MAX, 7 * MAX), deposited(MAX, 8 * MAX), deposited(MAX, 9 * MAX)};

  private static final long ROOM_LEFT = Long.MAX_VALUE - 9 * MAX;

  @Test
  void depositing_into_an_open_account_records_the_new_balance() {
    given(opened(USD), deposited(100, 100))
        .when(deposit(50))
        .then(deposited(50, 150));
  }

  @Test
  void depositing_into_an_account_that_does_not_exist_is_refused() {
    given()
        .when(deposit(50))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND);
  }

  @Test
  void depositing_another_currency_is_refused() {
    given(opened(USD))
        .when(deposit(50, EUR))
        .thenRejected(Reason.CURRENCY_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "account_currency", "USD", "requested_currency", "EUR"));
  }

  @Test
  void depositing_up_to_the_largest_balance_is_accepted() {
    given(NEARLY_FULL)
        .when(deposit(ROOM_LEFT))
        .then(deposited(ROOM_LEFT, Long.MAX_VALUE));
  }

  @Test
  void depositing_past_the_largest_balance_is_refused_as_an_overflow() {
    given(NEARLY_FULL)
        .when(deposit(ROOM_LEFT + 1))
        .thenRejected(Reason.BALANCE_OVERFLOW)
        .withDetails(Map.of("account_id", "acc-1",
            "balance_minor", Long.toString(9 * MAX),
            "amount_minor", Long.toString(ROOM_LEFT + 1)));
  }

  @Test
  void depositing_at_the_expected_version_is_accepted() {
    given(opened(USD), deposited(100, 100))
        .when(depositExpectingVersion(50, 2))
        .then(deposited(50, 150));
  }

  @Test
  void depositing_at_a_stale_version_is_refused() {
    given(opened(USD), deposited(100, 100))
        .when(depositExpectingVersion(50, 1))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "1", "actual_version", "2"));
  }

  @Test
  void depositing_at_a_version_not_reached_yet_is_refused() {
    given(opened(USD))
        .when(depositExpectingVersion(50, 2))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "2", "actual_version", "1"));
  }
}
