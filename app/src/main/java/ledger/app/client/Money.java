package ledger.app.client;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts as people write them ("12.50") to and from minor units (1250), per currency. */
public final class Money {

  private Money() {
  }

  /** Parses a positive decimal with at most the currency's digits after the point. */
  public static long parse(String text, int minorDigits) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an amount");
    }
    if (value.scale() > minorDigits) {
      throw new IllegalArgumentException("'" + text + "' has more than " + minorDigits + " digits after the point");
    }
    try {
      return value.movePointRight(minorDigits).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }

  public static String format(long minor, int minorDigits) {
    return BigDecimal.valueOf(minor).movePointLeft(minorDigits).setScale(minorDigits, RoundingMode.UNNECESSARY)
        .toPlainString();
  }
}
