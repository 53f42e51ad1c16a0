package ledger.domain;

import static ledger.domain.AccountExamples.REFERENCE;
import static ledger.domain.AccountExamples.USD;

import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;

/** The two accounts, commands and events the transfer specifications talk about. */
final class TransferExamples {

  static final AccountId PAYER = AccountExamples.ACCOUNT;
  static final AccountId PAYEE = AccountId.of("acc-2");

  private TransferExamples() {
  }

  static Transfer transfer(long amountMinor) {
    return transfer(amountMinor, USD);
  }

  static Transfer transfer(long amountMinor, Currency currency) {
    return new Transfer(PAYER, PAYEE, amountMinor, currency, REFERENCE);
  }

  static TransferSent sent(long amountMinor, long payerBalanceAfterMinor) {
    return new TransferSent(amountMinor, USD, PAYEE, REFERENCE, payerBalanceAfterMinor);
  }

  static TransferReceived received(long amountMinor, long payeeBalanceAfterMinor) {
    return new TransferReceived(amountMinor, USD, PAYER, REFERENCE, payeeBalanceAfterMinor);
  }
}
