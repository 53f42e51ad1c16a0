package ledger.grpc;

/** The scopes a bearer token grants, one per service (docs/security.md). */
public final class Scopes {

  /** CommandService: moving money, opening, freezing and closing accounts. */
  public static final String WRITE = "ledger.write";
  /** QueryService: balances, streams, history, time travel. */
  public static final String READ = "ledger.read";
  /** AdminService: the projection's status, audits and rebuilds. */
  public static final String ADMIN = "ledger.admin";

  private Scopes() {
  }
}
