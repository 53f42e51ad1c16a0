package ledger.domain;

import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.closed;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.frozen;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.unfreeze;
import static ledger.domain.AccountExamples.unfreezeExpectingVersion;
import static ledger.domain.AccountExamples.unfrozen;
import static ledger.domain.AccountSpecification.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

class UnfreezingTest {

  @Test
  void unfreezing_a_frozen_account_records_the_reason() {
    given(opened(USD), deposited(100, 100), frozen(REASON))
        .when(unfreeze("review cleared"))
        .then(unfrozen("review cleared"));
  }

  @Test
  void unfreezing_without_a_reason_records_an_empty_one() {
    given(opened(USD), frozen(REASON))
        .when(unfreeze(null))
        .then(unfrozen(""));
  }

  @Test
  void unfreezing_an_open_account_is_accepted_and_changes_nothing() {
    given(opened(USD), deposited(100, 100))
        .when(unfreeze(REASON))
        .thenAcceptedWithNoEvents();
  }

  @Test
  void unfreezing_an_unfrozen_account_is_accepted_and_changes_nothing() {
    given(opened(USD), frozen(REASON), unfrozen("cleared"))
        .when(unfreeze("cleared again"))
        .thenAcceptedWithNoEvents();
  }

  @Test
  void unfreezing_a_closed_account_is_refused() {
    given(opened(USD), closed())
        .when(unfreeze(REASON))
        .thenRejected(Reason.ACCOUNT_CLOSED)
        .withDetails(Map.of("account_id", "acc-1"));
  }

  @Test
  void unfreezing_an_account_that_does_not_exist_is_refused() {
    given()
        .when(unfreeze(REASON))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(Map.of("account_id", "acc-1"));
  }

  @Test
  void unfreezing_at_the_expected_version_is_accepted() {
    given(opened(USD), frozen(REASON))
        .when(unfreezeExpectingVersion(2))
        .then(unfrozen(REASON));
  }

  @Test
  void unfreezing_at_a_stale_version_is_refused() {
    given(opened(USD), frozen(REASON))
        .when(unfreezeExpectingVersion(1))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "1", "actual_version", "2"));
  }
}
