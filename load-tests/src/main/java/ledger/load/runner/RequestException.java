package ledger.load.runner;

/** A call whose request could not be built from the config (a template or a field type is wrong). */
public final class RequestException extends RuntimeException {

  public RequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
