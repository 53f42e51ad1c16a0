package ledger.store;

/**
 * Which database the events come from: the PostgreSQL cluster's {@code system_identifier}
 * (new for every initdb, kept by a physical copy) and the ledger id made by the first
 * migration (kept by a dump and restore). Transaction ids and positions mean something
 * only inside one origin, so a checkpoint is trusted only by the origin that wrote it.
 */
public record Origin(String systemIdentifier, String ledgerId) {

  public Origin {
    if (systemIdentifier.isEmpty() || ledgerId.isEmpty() || systemIdentifier.contains("/")) {
      throw new IllegalArgumentException("invalid origin " + systemIdentifier + "/" + ledgerId);
    }
  }

  /** {@code system_identifier/ledger_id}. */
  public static Origin parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("origin must be system_identifier/ledger_id, got " + text);
    }
    return new Origin(text.substring(0, slash), text.substring(slash + 1));
  }

  public String encode() {
    return systemIdentifier + "/" + ledgerId;
  }

  @Override
  public String toString() {
    return encode();
  }
}
