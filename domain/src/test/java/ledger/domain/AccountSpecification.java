package ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * Specifications of the decider that read as sentences:
 * {@code given(events).when(command).then(events)} or {@code .thenRejected(reason)}.
 */
final class AccountSpecification {

  private AccountSpecification() {
  }

  static Given given(AccountEvent... history) {
    return new Given(AccountDecider.fold(Account.unopened(AccountExamples.ACCOUNT), List.of(history)));
  }

  record Given(Account state) {
    When when(AccountCommand command) {
      return new When(command, LedgerDecider.decide(command, Map.of(state.id(), state)));
    }
  }

  record When(AccountCommand command, Decision decision) {

    void then(AccountEvent... expected) {
      assertThat(decision).as("deciding %s", command).isEqualTo(Decision.accept(AccountExamples.ACCOUNT, expected));
    }

    void thenAcceptedWithNoEvents() {
      then();
    }

    Refused thenRejected(Reason reason) {
      assertThat(decision).as("deciding %s", command).isInstanceOf(Decision.Rejected.class);
      Rejection rejection = ((Decision.Rejected) decision).rejection();
      assertThat(rejection.reason()).as("reason for refusing %s", command).isEqualTo(reason);
      return new Refused(rejection);
    }
  }

  record Refused(Rejection rejection) {
    void withDetails(Map<String, String> details) {
      assertThat(rejection.details()).isEqualTo(details);
    }
  }
}
