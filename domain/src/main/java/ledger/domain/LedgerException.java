package ledger.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A request the ledger answers with a reason instead of a result. The rejection says what
 * was wrong for a person and, in its details, for a program; the reason alone decides the
 * status code a caller sees. Carries no stack trace: these are outcomes, not faults.
 */
public class LedgerException extends RuntimeException {

  private final transient Rejection rejection;
  private final transient Duration retryAfter;

  public LedgerException(Rejection rejection) {
    this(rejection, null);
  }

  /** A refusal worth retrying after {@code retryAfter} (a limit that frees up by then); null says nothing. */
  public LedgerException(Rejection rejection, Duration retryAfter) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
    this.retryAfter = retryAfter;
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

  /** When a retry may succeed, if the refusal knows; sent to callers as google.rpc.RetryInfo. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
