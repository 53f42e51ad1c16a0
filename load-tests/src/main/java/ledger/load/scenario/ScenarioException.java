package ledger.load.scenario;

/** A Java scenario that cannot run against this server, with what to do about it. */
public final class ScenarioException extends RuntimeException {

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
