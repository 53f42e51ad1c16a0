package ledger.domain;

import java.util.Map;

/** A refused command: what was wrong, said for a person, plus facts for a program. */
public record Rejection(Reason reason, String message, Map<String, String> details) {

  public Rejection {
    details = Map.copyOf(details);
  }

  public static Rejection of(Reason reason, String message) {
    return new Rejection(reason, message, Map.of());
  }
}
