package ledger.domain;

/** Shows untrusted input in a message without letting it run on for pages. */
final class Quote {

  private static final int MAX = 80;

  private Quote() {
  }

  static String of(String value) {
    if (value == null) {
      return "nothing";
    }
    String shown = value.length() > MAX ? value.substring(0, MAX) + "…" : value;
    return '"' + shown + '"';
  }
}
