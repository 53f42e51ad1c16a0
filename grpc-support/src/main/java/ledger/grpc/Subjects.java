package ledger.grpc;

import java.util.Map;

import ledger.domain.LedgerException;
import ledger.domain.Reason;

/**
 * The bound on a caller's subject. A token or certificate is verified before its subject gets
 * here, but the issuer may still be careless or hostile: the subject lands in every event the
 * caller appends and in every history an auditor reads, so it must stay short and show what it
 * is. Refused: empty or blank, more than {@value #MAX_LENGTH} characters (code points), and any
 * control, format (bidirectional overrides, zero-width), separator other than the space,
 * private-use, unassigned or unpaired surrogate character. Letters of any script are fine
 * ({@code CN=Jürgen Groß,O=Acme}). The message never repeats the subject itself.
 */
final class Subjects {

  static final int MAX_LENGTH = 256;

  private Subjects() {
  }

  static void check(String subject) {
    if (subject.isBlank()) {
      throw refused("the credentials' subject is empty");
    }
    int length = subject.codePointCount(0, subject.length());
    if (length > MAX_LENGTH) {
      throw refused("the credentials' subject is " + length + " characters long; at most " + MAX_LENGTH
          + " are accepted");
    }
    int index = 0;
    for (int offset = 0; offset < subject.length(); index++) {
      int codePoint = subject.codePointAt(offset);
      if (!shown(codePoint)) {
        throw refused("the credentials' subject holds an unprintable character (U+"
            + String.format("%04X", codePoint) + ") at position " + index);
      }
      offset += Character.charCount(codePoint);
    }
  }

  static LedgerException refused(String message) {
    return new LedgerException(Reason.TOKEN_INVALID, message, Map.of("subject_max_length", String.valueOf(MAX_LENGTH)));
  }

  private static boolean shown(int codePoint) {
    if (codePoint == ' ') {
      return true;
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
          Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
