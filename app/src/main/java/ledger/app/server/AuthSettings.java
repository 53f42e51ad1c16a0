package ledger.app.server;

/** Authentication of callers and what their tokens grant. */
public record AuthSettings() {

  public static AuthSettings off() {
    return new AuthSettings();
  }
}
