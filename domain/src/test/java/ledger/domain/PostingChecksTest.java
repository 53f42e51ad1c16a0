package ledger.domain;

import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.EUR;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.deposit;
import static ledger.domain.AccountExamples.depositExpectingVersion;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.withdraw;
import static ledger.domain.AccountSpecification.given;
import static ledger.domain.AccountSpecification.givenState;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The checks deposits and withdrawals share, and the order they are reported in. */
class PostingChecksTest {

  @Test
  void posting_to_a_frozen_account_is_refused() {
    givenState(new Account(ACCOUNT, AccountStatus.FROZEN, USD, 100, 0, 3))
        .when(deposit(10))
        .thenRejected(Reason.ACCOUNT_FROZEN);
  }

  @Test
  void posting_to_a_closed_account_is_refused() {
    givenState(new Account(ACCOUNT, AccountStatus.CLOSED, USD, 0, 0, 4))
        .when(withdraw(10))
        .thenRejected(Reason.ACCOUNT_CLOSED);
  }

  @Test
  void a_missing_account_is_reported_before_a_version_mismatch() {
    given()
        .when(depositExpectingVersion(10, 7))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND);
  }

  @Test
  void a_stale_version_is_reported_before_a_currency_mismatch() {
    given(opened(USD))
        .when(new AccountCommand.Deposit(ACCOUNT, 10, EUR, "", OptionalLong.of(5)))
        .thenRejected(Reason.VERSION_MISMATCH);
  }
}
