package ledger.app.server;

/** Limits that keep one caller, or one burst, from exhausting the server. */
public record LimitSettings() {

  public static LimitSettings defaults() {
    return new LimitSettings();
  }
}
