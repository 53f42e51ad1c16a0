package ledger.domain;

import java.util.Map;

/**
 * A request the ledger answers with a reason instead of a result. The rejection says what
 * was wrong for a person and, in its details, for a program; the reason alone decides the
 * status code a caller sees. Carries no stack trace: these are outcomes, not faults.
 */
public class LedgerException extends RuntimeException {

  private final transient Rejection rejection;

  public LedgerException(Rejection rejection) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
  }

  public LedgerException(Reason reason, String message, Map<String, String> details) {
    this(new Rejection(reason, message, details));
  }

  public LedgerException(Reason reason, String message) {
    this(Rejection.of(reason, message));
  }

  public Rejection rejection() {
    return rejection;
  }

  public Reason reason() {
    return rejection.reason();
  }
}
