package ledger.bench.suite;

/** The suite cannot go on: a tool, the service or a step failed in a way it cannot work around. */
final class SuiteException extends RuntimeException {

  SuiteException(String message) {
    super(message);
  }

  SuiteException(String message, Throwable cause) {
    super(message, cause);
  }
}
