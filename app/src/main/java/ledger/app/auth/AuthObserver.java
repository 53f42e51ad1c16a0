package ledger.app.auth;

/**
 * Told what became of each bearer token not found among those already verified, for metrics:
 * whether a verification ran, or the token was answered without one. Must be cheap and
 * thread-safe (it is called on the event loops).
 */
@FunctionalInterface
public interface AuthObserver {

  AuthObserver NONE = outcome -> { };

  void checked(Outcome outcome);

  /** What became of a token; {@link #label()} is the name metrics carry. */
  enum Outcome {
    /** Verified (signature and claims): cached from now on. */
    VERIFIED("verified"),
    /** Verified and refused: remembered from now on. */
    REFUSED("refused"),
    /** Refused as it was a moment ago, without a new verification. */
    REFUSAL_REMEMBERED("refusal_remembered"),
    /** Refused RATE_LIMITED without a verification: its peer failed too often. */
    PEER_OVER_LIMIT("peer_over_limit");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
