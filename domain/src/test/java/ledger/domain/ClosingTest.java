package ledger.domain;

import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.close;
import static ledger.domain.AccountExamples.closeExpectingVersion;
import static ledger.domain.AccountExamples.closed;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.frozen;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.unfrozen;
import static ledger.domain.AccountExamples.withdrawn;
import static ledger.domain.AccountSpecification.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ClosingTest {

  @Test
  void closing_a_new_account_at_zero_balance_is_accepted() {
    given(opened(USD))
        .when(close())
        .then(closed());
  }

  @Test
  void closing_an_account_emptied_back_to_zero_is_accepted() {
    given(opened(USD), deposited(100, 100), withdrawn(100, 0))
        .when(close())
        .then(closed());
  }

  @Test
  void closing_an_account_that_holds_money_is_refused() {
    given(opened(USD), deposited(100, 100))
        .when(close())
        .thenRejected(Reason.NON_ZERO_BALANCE)
        .withDetails(Map.of("account_id", "acc-1", "balance_minor", "100"));
  }

  @Test
  void closing_an_overdrawn_account_is_refused() {
    given(opened(USD, 500), withdrawn(300, -300))
        .when(close())
        .thenRejected(Reason.NON_ZERO_BALANCE)
        .withDetails(Map.of("account_id", "acc-1", "balance_minor", "-300"));
  }

  @Test
  void closing_a_frozen_account_is_refused() {
    given(opened(USD), frozen(REASON))
        .when(close())
        .thenRejected(Reason.ACCOUNT_FROZEN)
        .withDetails(Map.of("account_id", "acc-1"));
  }

  @Test
  void closing_an_unfrozen_account_at_zero_balance_is_accepted() {
    given(opened(USD), frozen(REASON), unfrozen("cleared"))
        .when(close())
        .then(closed());
  }

  @Test
  void closing_a_closed_account_is_accepted_and_changes_nothing() {
    given(opened(USD), closed())
        .when(close())
        .thenAcceptedWithNoEvents();
  }

  @Test
  void closing_an_account_that_does_not_exist_is_refused() {
    given()
        .when(close())
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(Map.of("account_id", "acc-1"));
  }

  @Test
  void closing_at_the_expected_version_is_accepted() {
    given(opened(USD), deposited(100, 100), withdrawn(100, 0))
        .when(closeExpectingVersion(3))
        .then(closed());
  }

  @Test
  void closing_at_a_stale_version_is_refused() {
    given(opened(USD), deposited(100, 100), withdrawn(100, 0))
        .when(closeExpectingVersion(2))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "2", "actual_version", "3"));
  }
}
