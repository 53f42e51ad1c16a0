package ledger.domain;

import java.util.Map;

/** A refused request: what was wrong, said for a person, plus facts for a program. */
public record Rejection(Reason reason, String message, Map<String, String> details) {

  public Rejection {
    details = Map.copyOf(details);
  }

  public static Rejection of(Reason reason, String message) {
    return new Rejection(reason, message, Map.of());
  }

  /** The account was never opened; every side of the ledger says so in the same words. */
  public static Rejection accountNotFound(AccountId id) {
    return new Rejection(Reason.ACCOUNT_NOT_FOUND, "account " + id + " does not exist",
        Map.of("account_id", id.value()));
  }
}
