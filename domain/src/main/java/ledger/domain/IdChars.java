package ledger.domain;

/**
 * The id alphabet {@code [A-Za-z0-9._:-]}, checked by hand: ids are checked on every call,
 * and a loop over the characters costs a fraction of a regular expression's matcher.
 */
final class IdChars {

  private IdChars() {
  }

  /** Whether {@code value} is 1 to {@code max} characters of the alphabet. */
  static boolean valid(String value, int max) {
    if (value == null || value.isEmpty() || value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
