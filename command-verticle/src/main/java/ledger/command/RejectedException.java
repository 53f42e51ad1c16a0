package ledger.command;

import ledger.domain.Rejection;

/** The account's rules refused the command. */
public final class RejectedException extends RuntimeException {

  private final Rejection rejection;

  public RejectedException(Rejection rejection) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }
}
