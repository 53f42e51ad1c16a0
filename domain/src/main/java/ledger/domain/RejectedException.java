package ledger.domain;

/** The ledger's rules, or the state of the accounts named, refused the request. */
public final class RejectedException extends LedgerException {

  public RejectedException(Rejection rejection) {
    super(rejection);
  }
}
