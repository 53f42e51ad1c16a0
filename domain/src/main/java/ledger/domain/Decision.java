package ledger.domain;

import java.util.List;

/** The outcome of deciding a command: events to append (possibly none), or a rejection. */
public sealed interface Decision {

  record Accepted(List<AccountEvent> events) implements Decision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected(Rejection rejection) implements Decision {
  }

  static Decision accept(AccountEvent... events) {
    return new Accepted(List.of(events));
  }

  static Decision reject(Reason reason, String message) {
    return new Rejected(Rejection.of(reason, message));
  }
}
