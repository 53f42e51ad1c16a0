package ledger.load.config;

import java.util.Locale;

/**
 * ghz's {@code duration-stop}: what happens to calls still in flight when {@code duration}
 * ends. WAIT lets them finish (within {@code timeout}) and counts them; CLOSE and IGNORE
 * stop at once and leave them out of the tally (ghz's CLOSE counts them as errors instead).
 */
public enum DurationStop {
  CLOSE, WAIT, IGNORE;

  static DurationStop parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("duration-stop must be \"close\", \"wait\" or \"ignore\", got \"" + text + "\"");
    }
  }
}
