package ledger.domain;

import static ledger.domain.AccountExamples.EUR;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.open;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountSpecification.given;

import org.junit.jupiter.api.Test;

class OpeningAnAccountTest {

  @Test
  void opening_a_new_account_records_its_currency_and_overdraft_limit() {
    given()
        .when(open(USD, 500))
        .then(opened(USD, 500));
  }

  @Test
  void opening_an_account_that_already_exists_is_refused() {
    given(opened(USD))
        .when(open(USD, 0))
        .thenRejected(Reason.ACCOUNT_ALREADY_EXISTS);
  }

  @Test
  void opening_an_account_that_already_exists_in_another_currency_is_refused() {
    given(opened(USD), deposited(100, 100))
        .when(open(EUR, 0))
        .thenRejected(Reason.ACCOUNT_ALREADY_EXISTS);
  }
}
