package ledger.app.cli;

import ledger.app.client.GrpcCallException;

/**
 * One clear line for each refusal of the caller's credentials, saying what to do about it; the
 * token itself is never printed.
 */
final class CallerRefusals {

  private CallerRefusals() {
  }

  /** The line to print, or null when the refusal is not about the caller's credentials. */
  static String describe(GrpcCallException e) {
    String reason = e.reason();
    if (reason == null) {
      return null;
    }
    String code = " (" + e.status().name() + " " + reason + ")";
    return switch (reason) {
      case "TOKEN_MISSING" -> "refused: this ledger wants a bearer token" + code
          + "; set LEDGER_TOKEN or pass --auth-token";
      case "TOKEN_EXPIRED" -> "refused: the token has expired" + code + "; get a new one";
      case "TOKEN_INVALID" -> "refused: " + e.getMessage() + code;
      case "MISSING_SCOPE" -> "refused: this token lacks scope " + e.metadata().getOrDefault("scope", "?") + code;
      case "ACCOUNT_NOT_ALLOWED" -> "*".equals(e.metadata().get("account_id"))
          ? "refused: this call spans every account, and this token may touch only some" + code
          : "refused: this token may not touch account " + e.metadata().getOrDefault("account_id", "?") + code;
      default -> null;
    };
  }
}
