package ledger.domain;

/**
 * Thrown while building a command or value from input that can never be valid,
 * whatever the state of the ledger (a malformed id, a negative amount).
 */
public final class InvalidCommandException extends RuntimeException {

  private final Rejection rejection;

  public InvalidCommandException(Reason reason, String message) {
    super(message, null, false, false);
    this.rejection = Rejection.of(reason, message);
  }

  public Rejection rejection() {
    return rejection;
  }
}
