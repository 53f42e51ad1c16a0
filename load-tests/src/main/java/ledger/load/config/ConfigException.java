package ledger.load.config;

/** A scenario file or command line that cannot be run as written; the message says what to change. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
