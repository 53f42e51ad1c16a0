package ledger.app;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code $ ./ledger ...} line of the README's tour and the output shown under it.
 *
 * @param line    the command's line in README.md, counted from 1
 * @param command what follows {@code ./ledger}, as typed
 * @param output  the lines shown under the command, without the blank lines that end it
 */
record TourStep(int line, String command, List<String> output) {

  TourStep {
    output = List.copyOf(output);
  }

  /** The command's arguments as a POSIX shell splits them: blanks separate, quotes group. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalStateException("unclosed quote in `" + command + "`");
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
