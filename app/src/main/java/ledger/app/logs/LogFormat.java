package ledger.app.logs;

/** How {@code ledger serve} writes its log: {@code text} for a terminal, {@code json} for a log collector. */
public enum LogFormat {
  /** One human line per event: time, level, logger, message, then the key-value fields as key="value". */
  TEXT,
  /** One JSON object per line, every field top-level (docs/operations.md, Logs). */
  JSON
}
