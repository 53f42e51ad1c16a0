package ledger.domain;

import java.util.regex.Pattern;

/** An ISO-4217 currency code, three upper-case letters known to the JDK's ISO table. */
public record Currency(String code) {

  private static final Pattern SHAPE = Pattern.compile("[A-Z]{3}");

  public Currency {
    if (code == null || !SHAPE.matcher(code).matches() || !isIso(code)) {
      throw new InvalidInputException(Reason.INVALID_CURRENCY,
          "currency must be an ISO-4217 code in upper case (like USD), got " + Quote.of(code));
    }
  }

  public static Currency of(String code) {
    return new Currency(code);
  }

  /** Digits after the decimal point in this currency's minor unit (2 for USD, 0 for JPY). */
  public int minorDigits() {
    return Math.max(0, java.util.Currency.getInstance(code).getDefaultFractionDigits());
  }

  private static boolean isIso(String code) {
    try {
      java.util.Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return code;
  }
}
