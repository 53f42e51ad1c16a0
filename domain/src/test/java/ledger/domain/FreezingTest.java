package ledger.domain;

import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.closed;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.freeze;
import static ledger.domain.AccountExamples.freezeExpectingVersion;
import static ledger.domain.AccountExamples.frozen;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.unfrozen;
import static ledger.domain.AccountExamples.withdrawn;
import static ledger.domain.AccountSpecification.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FreezingTest {

  @Test
  void freezing_an_open_account_records_the_reason() {
    given(opened(USD), deposited(100, 100))
        .when(freeze(REASON))
        .then(frozen(REASON));
  }

  @Test
  void freezing_without_a_reason_records_an_empty_one() {
    given(opened(USD))
        .when(freeze(null))
        .then(frozen(""));
  }

  @Test
  void freezing_a_frozen_account_is_accepted_and_changes_nothing() {
    given(opened(USD), frozen(REASON))
        .when(freeze("another reason"))
        .thenAcceptedWithNoEvents();
  }

  @Test
  void freezing_an_unfrozen_account_freezes_it_again() {
    given(opened(USD), frozen(REASON), unfrozen("cleared"))
        .when(freeze(REASON))
        .then(frozen(REASON));
  }

  @Test
  void freezing_an_overdrawn_account_is_accepted() {
    given(opened(USD, 500), withdrawn(300, -300))
        .when(freeze(REASON))
        .then(frozen(REASON));
  }

  @Test
  void freezing_a_closed_account_is_refused() {
    given(opened(USD), closed())
        .when(freeze(REASON))
        .thenRejected(Reason.ACCOUNT_CLOSED)
        .withDetails(Map.of("account_id", "acc-1"));
  }

  @Test
  void freezing_an_account_that_does_not_exist_is_refused() {
    given()
        .when(freeze(REASON))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(Map.of("account_id", "acc-1"));
  }

  @Test
  void freezing_at_the_expected_version_is_accepted() {
    given(opened(USD), deposited(100, 100))
        .when(freezeExpectingVersion(2))
        .then(frozen(REASON));
  }

  @Test
  void freezing_at_a_stale_version_is_refused() {
    given(opened(USD), deposited(100, 100))
        .when(freezeExpectingVersion(1))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "1", "actual_version", "2"));
  }

  @Test
  void freezing_a_frozen_account_at_a_stale_version_is_refused_rather_than_ignored() {
    given(opened(USD), frozen(REASON))
        .when(freezeExpectingVersion(1))
        .thenRejected(Reason.VERSION_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "expected_version", "1", "actual_version", "2"));
  }
}
