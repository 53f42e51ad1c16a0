package ledger.load.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as ghz writes them, which is Go's {@code time.ParseDuration}: a sequence of
 * decimal numbers with a unit each ("300ms", "1.5h", "2h45m", "10s"), units ns, us (or µs),
 * ms, s, m, h; "0" alone means zero.
 */
public final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {
  }

  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty() || s.startsWith("-")) {
      throw new ConfigException("invalid duration \"" + text + "\": expected e.g. \"500ms\", \"30s\", \"1m\", \"1h30m\"");
    }
    if (s.startsWith("+")) {
      s = s.substring(1);
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new ConfigException("invalid duration \"" + text + "\": expected e.g. \"500ms\", \"30s\", \"1m\", \"1h30m\""
            + " (a number alone needs a unit)");
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
      at = m.end();
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** The shortest Go-style spelling of a duration, for reports: "30s", "1m30s", "250ms". */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos % 1_000_000_000L != 0) {
      if (nanos % 1_000_000L == 0) {
        return (nanos / 1_000_000L) + "ms";
      }
      if (nanos % 1_000L == 0) {
        return (nanos / 1_000L) + "us";
      }
      return nanos + "ns";
    }
    long seconds = nanos / 1_000_000_000L;
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      out.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    return out.toString();
  }
}
