package ledger.command;

/** Other writers kept appending to the command's streams through every retry. */
public final class ConflictsExhaustedException extends RuntimeException {

  private final int attempts;

  public ConflictsExhaustedException(int attempts, String detail) {
    super("gave up after " + attempts + " attempts: other writers kept changing the account (" + detail + ")",
        null, false, false);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }
}
