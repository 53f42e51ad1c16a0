package ledger.domain;

import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.EUR;
import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.closed;
import static ledger.domain.AccountExamples.deposit;
import static ledger.domain.AccountExamples.depositExpectingVersion;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.frozen;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.unfrozen;
import static ledger.domain.AccountExamples.withdraw;
import static ledger.domain.AccountExamples.withdrawn;
import static ledger.domain.AccountSpecification.given;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The checks deposits and withdrawals share, and the order they are reported in. */
class PostingChecksTest {

  private static final Map<String, String> NAMES_THE_ACCOUNT = Map.of("account_id", "acc-1");

  @Test
  void depositing_into_a_frozen_account_is_refused() {
    given(opened(USD), deposited(100, 100), frozen(REASON))
        .when(deposit(10))
        .thenRejected(Reason.ACCOUNT_FROZEN)
        .withDetails(NAMES_THE_ACCOUNT);
  }

  @Test
  void withdrawing_from_a_frozen_account_is_refused() {
    given(opened(USD), deposited(100, 100), frozen(REASON))
        .when(withdraw(10))
        .thenRejected(Reason.ACCOUNT_FROZEN)
        .withDetails(NAMES_THE_ACCOUNT);
  }

  @Test
  void depositing_into_a_closed_account_is_refused() {
    given(opened(USD), closed())
        .when(deposit(10))
        .thenRejected(Reason.ACCOUNT_CLOSED)
        .withDetails(NAMES_THE_ACCOUNT);
  }

  @Test
  void withdrawing_from_a_closed_account_is_refused() {
    given(opened(USD, 500), closed())
        .when(withdraw(10))
        .thenRejected(Reason.ACCOUNT_CLOSED)
        .withDetails(NAMES_THE_ACCOUNT);
  }

  @Test
  void a_frozen_then_unfrozen_account_takes_deposits_again() {
    given(opened(USD), deposited(100, 100), frozen(REASON), unfrozen("cleared"))
        .when(deposit(10))
        .then(deposited(10, 110));
  }

  @Test
  void a_frozen_then_unfrozen_account_pays_out_again() {
    given(opened(USD), deposited(100, 100), frozen(REASON), unfrozen("cleared"))
        .when(withdraw(10))
        .then(withdrawn(10, 90));
  }

  @Test
  void a_frozen_account_is_reported_before_a_currency_mismatch() {
    given(opened(USD), frozen(REASON))
        .when(deposit(10, EUR))
        .thenRejected(Reason.ACCOUNT_FROZEN);
  }

  @Test
  void a_closed_account_is_reported_before_a_currency_mismatch() {
    given(opened(USD), closed())
        .when(withdraw(10, EUR))
        .thenRejected(Reason.ACCOUNT_CLOSED);
  }

  @Test
  void a_missing_account_is_reported_before_a_version_mismatch() {
    given()
        .when(depositExpectingVersion(10, 7))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(NAMES_THE_ACCOUNT);
  }

  @Test
  void a_stale_version_is_reported_before_a_frozen_account() {
    given(opened(USD), frozen(REASON))
        .when(depositExpectingVersion(10, 1))
        .thenRejected(Reason.VERSION_MISMATCH);
  }

  @Test
  void a_stale_version_is_reported_before_a_currency_mismatch() {
    given(opened(USD))
        .when(new AccountCommand.Deposit(ACCOUNT, 10, EUR, "", OptionalLong.of(5)))
        .thenRejected(Reason.VERSION_MISMATCH);
  }
}
