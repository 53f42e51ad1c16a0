package ledger.app.cli;

import ledger.app.logs.LogFormat;
import ledger.app.logs.LogLevel;
import ledger.app.logs.ServerLogs;
import picocli.CommandLine.Option;

/** {@code ledger serve}'s log format and level (docs/operations.md, Logs). */
public final class LogOptions {

  @Option(names = "--log-format", defaultValue = "${env:LEDGER_LOG_FORMAT:-text}",
      description = "text (for a terminal) or json (one object per line, for a log collector)"
          + " (default: ${DEFAULT-VALUE}; env LEDGER_LOG_FORMAT).")
  LogFormat format;

  @Option(names = "--log-level", defaultValue = "${env:LEDGER_LOG_LEVEL:-INFO}",
      description = "TRACE, DEBUG (adds a line per call), INFO, WARN, ERROR or OFF (default: ${DEFAULT-VALUE};"
          + " env LEDGER_LOG_LEVEL).")
  LogLevel level;

  /** Before the server's first log line. */
  void apply() {
    ServerLogs.configure(format, level);
  }
}
