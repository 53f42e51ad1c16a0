package ledger.readmodel;

/** Field names of an account's view hash. */
public final class ViewFields {

  public static final String VERSION = "version";
  public static final String BALANCE = "balance";
  public static final String CURRENCY = "currency";
  public static final String STATUS = "status";
  public static final String OVERDRAFT_LIMIT = "overdraft";
  public static final String GLOBAL_POSITION = "gpos";
  /** Microseconds since the epoch at which the event that made this version was recorded. */
  public static final String UPDATED_AT_MICROS = "updated_us";
  /** Present while the view is degraded: which version could not be read, and why. */
  public static final String DEGRADED = "degraded";
  /** On a degraded view: the last version of the account held back since. */
  public static final String HELD_THROUGH = "held_through";

  private ViewFields() {
  }
}
