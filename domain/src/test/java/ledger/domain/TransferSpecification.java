package ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.AccountSpecification.Refused;

/**
 * Transfer specifications that read as sentences:
 * {@code givenPayer(events).andPayee(events).whenTransferring(transfer).then(sent, received)}
 * or {@code .thenRejected(reason)}.
 */
final class TransferSpecification {

  private TransferSpecification() {
  }

  static GivenPayer givenPayer(AccountEvent... history) {
    return new GivenPayer(fold(TransferExamples.PAYER, history));
  }

  private static Account fold(AccountId id, AccountEvent... history) {
    return AccountDecider.fold(Account.unopened(id), List.of(history));
  }

  record GivenPayer(Account payer) {
    Given andPayee(AccountEvent... history) {
      return new Given(payer, fold(TransferExamples.PAYEE, history));
    }
  }

  record Given(Account payer, Account payee) {
    When whenTransferring(Transfer transfer) {
      return new When(transfer, LedgerDecider.decide(transfer, Map.of(payer.id(), payer, payee.id(), payee)));
    }
  }

  record When(Transfer transfer, Decision decision) {

    void then(TransferSent sent, TransferReceived received) {
      assertThat(decision).as("deciding %s", transfer)
          .isEqualTo(new Decision.Accepted(Map.of(transfer.from(), List.of(sent), transfer.to(), List.of(received))));
    }

    Refused thenRejected(Reason reason) {
      assertThat(decision).as("deciding %s", transfer).isInstanceOf(Decision.Rejected.class);
      Rejection rejection = ((Decision.Rejected) decision).rejection();
      assertThat(rejection.reason()).as("reason for refusing %s", transfer).isEqualTo(reason);
      return new Refused(rejection);
    }
  }
}
