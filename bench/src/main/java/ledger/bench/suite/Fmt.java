package ledger.bench.suite;

import java.util.Locale;

/** How figures are written in the report: rates with thousands separators, milliseconds to three figures. */
public final class Fmt {

  public static final String NONE = "—";

  private Fmt() {
  }

  public static String rate(double perSecond) {
    return Double.isNaN(perSecond) ? NONE : String.format(Locale.ROOT, "%,.0f/s", perSecond);
  }

  public static String count(double n) {
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  /** 0.412 ms, 4.12 ms, 41.2 ms, 412 ms, 4,120 ms. */
  public static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return NONE;
    }
    if (millis < 1) {
      return String.format(Locale.ROOT, "%.3f ms", millis);
    }
    if (millis < 10) {
      return String.format(Locale.ROOT, "%.2f ms", millis);
    }
    if (millis < 100) {
      return String.format(Locale.ROOT, "%.1f ms", millis);
    }
    return String.format(Locale.ROOT, "%,.0f ms", millis);
  }

  public static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? NONE : String.format(Locale.ROOT, "%.2f×", r);
  }

  static String cores(double c) {
    return String.format(Locale.ROOT, "%.2f", c);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  static String mb(long kb) {
    return String.format(Locale.ROOT, "%,d MB", Math.round(kb / 1024.0));
  }

  public static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /** Markdown table cells must not hold a pipe. */
  static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
