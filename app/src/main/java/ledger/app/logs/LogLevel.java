package ledger.app.logs;

/**
 * The levels {@code --log-level} takes. An enum rather than logback's own parsing, which turns a
 * misspelt level into DEBUG without a word; picocli refuses it with the list instead.
 */
public enum LogLevel {
  TRACE, DEBUG, INFO, WARN, ERROR, OFF
}
