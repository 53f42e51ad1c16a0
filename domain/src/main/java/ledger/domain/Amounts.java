package ledger.domain;

/**
 * Bounds on money amounts, in minor units. Keeping each amount and overdraft limit
 * at or below 10^18 means a withdrawal can never overflow a {@code long}
 * (the lowest balance is -2 * 10^18); only deposits can, and they are checked.
 */
public final class Amounts {

  public static final long MAX_AMOUNT_MINOR = 1_000_000_000_000_000_000L;
  public static final int MAX_REFERENCE_LENGTH = 256;

  private Amounts() {
  }

  static long requirePositive(long amountMinor) {
    if (amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR) {
      throw new InvalidInputException(Reason.INVALID_AMOUNT,
          "amount_minor must be between 1 and " + MAX_AMOUNT_MINOR + ", got " + amountMinor);
    }
    return amountMinor;
  }

  static long requireOverdraftLimit(long limitMinor) {
    if (limitMinor < 0 || limitMinor > MAX_AMOUNT_MINOR) {
      throw new InvalidInputException(Reason.INVALID_OVERDRAFT_LIMIT,
          "overdraft_limit_minor must be between 0 and " + MAX_AMOUNT_MINOR + ", got " + limitMinor);
    }
    return limitMinor;
  }

  static String requireReference(String reference) {
    return requireText(reference, Reason.INVALID_REFERENCE, "reference");
  }

  static String requireReason(String reason) {
    return requireText(reason, Reason.INVALID_REASON, "reason");
  }

  private static String requireText(String text, Reason invalid, String name) {
    String value = text == null ? "" : text;
    if (value.length() > MAX_REFERENCE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(invalid,
          name + " must be at most " + MAX_REFERENCE_LENGTH + " characters with no control characters");
    }
    return value;
  }
}
