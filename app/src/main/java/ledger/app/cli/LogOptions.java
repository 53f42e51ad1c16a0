package ledger.app.cli;

import java.util.Arrays;
import java.util.Locale;

import ledger.app.logs.LogFormat;
import ledger.app.logs.LogLevel;
import ledger.app.logs.ServerLogs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code ledger serve}'s log format and level (docs/operations.md, Logs). */
public final class LogOptions {

  @Option(names = "--log-format", defaultValue = "${env:LEDGER_LOG_FORMAT:-text}", converter = FormatName.class,
      description = "text (for a terminal) or json (one object per line, for a log collector)"
          + " (default: ${DEFAULT-VALUE}; env LEDGER_LOG_FORMAT).")
  LogFormat format;

  @Option(names = "--log-level", defaultValue = "${env:LEDGER_LOG_LEVEL:-INFO}", converter = LevelName.class,
      description = "TRACE, DEBUG (adds a line per call), INFO, WARN, ERROR or OFF (default: ${DEFAULT-VALUE};"
          + " env LEDGER_LOG_LEVEL).")
  LogLevel level;

  /** Before the server's first log line. */
  void apply() {
    ServerLogs.configure(format, level);
  }

  /** Either case, whatever the command line's enum setting: env values are written both ways. */
  private static <E extends Enum<E>> E named(Class<E> type, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
  }

  static final class FormatName implements ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      return named(LogFormat.class, value);
    }
  }

  static final class LevelName implements ITypeConverter<LogLevel> {
    @Override
    public LogLevel convert(String value) {
      return named(LogLevel.class, value);
    }
  }
}
