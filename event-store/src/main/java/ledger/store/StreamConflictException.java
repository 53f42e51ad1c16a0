package ledger.store;

/** Another writer appended to one of the command's streams first: reload and decide again. */
public final class StreamConflictException extends RuntimeException {

  public StreamConflictException(String detail) {
    super(detail, null, false, false);
  }
}
