package ledger.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ledger.readmodel.ConsistencyToken;

/**
 * What differs from one run of the tour to the next, and nothing else: the times events
 * were recorded, and the transaction id inside a consistency token (the positions and
 * versions a token names are the same on every fresh ledger, so they must agree).
 *
 * <p>Each value the README shows is bound to the one the run printed in its place, so a
 * later command that quotes it ({@code balance --token}, {@code balance --at}) is given
 * the run's value, and a value the README shows twice must be one value in the run too.
 */
final class VaryingParts {

  private static final Pattern VARYING = Pattern.compile(
      "v1\\.[A-Za-z0-9_-]+"                                                  // consistency token
          + "|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?Z"    // balance: updated
          + "|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");          // history: recorded

  private final Map<String, String> bound = new HashMap<>();

  /** Whether the run printed {@code real} where the README shows {@code shown}. */
  boolean matches(String shown, String real) {
    return pairs(shown, real) != null;
  }

  /** Records what the README's values in {@code shown} were in this run; call it on matching lines. */
  void bind(String shown, String real) {
    pairs(shown, real).forEach(bound::put);
  }

  /** The command with every value it quotes from an earlier output replaced by this run's. */
  String substitute(String command) {
    return VARYING.matcher(command).replaceAll(m -> Matcher.quoteReplacement(bound.getOrDefault(m.group(), m.group())));
  }

  /** Values the command quotes that no earlier output showed: the run cannot know what they stand for. */
  List<String> unknownIn(String command) {
    return VARYING.matcher(command).results().map(m -> m.group()).filter(v -> !bound.containsKey(v)).toList();
  }

  private Map<String, String> pairs(String shown, String real) {
    Matcher varying = VARYING.matcher(shown);
    StringBuilder regex = new StringBuilder();
    List<String> shownValues = new ArrayList<>();
    int at = 0;
    while (varying.find()) {
      regex.append(Pattern.quote(shown.substring(at, varying.start()))).append('(').append(VARYING).append(')');
      shownValues.add(varying.group());
      at = varying.end();
    }
    regex.append(Pattern.quote(shown.substring(at)));
    Matcher run = Pattern.compile(regex.toString()).matcher(real);
    if (!run.matches()) {
      return null;
    }
    Map<String, String> pairs = new HashMap<>();
    for (int i = 0; i < shownValues.size(); i++) {
      String value = shownValues.get(i);
      String printed = run.group(i + 1);
      String earlier = bound.getOrDefault(value, pairs.get(value));
      if ((earlier != null && !earlier.equals(printed)) || !sameKind(value, printed)) {
        return null;
      }
      pairs.put(value, printed);
    }
    return pairs;
  }

  private static boolean sameKind(String shown, String printed) {
    boolean shownToken = shown.startsWith("v1.");
    if (shownToken != printed.startsWith("v1.")) {
      return false;
    }
    return !shownToken || sameWrite(shown, printed);
  }

  /** Tokens of the same write on two fresh ledgers differ in the transaction id alone. */
  private static boolean sameWrite(String shown, String printed) {
    try {
      ConsistencyToken a = ConsistencyToken.decode(shown);
      ConsistencyToken b = ConsistencyToken.decode(printed);
      return a.streamVersions().equals(b.streamVersions())
          && a.commitPoint().globalPosition() == b.commitPoint().globalPosition();
    } catch (RuntimeException notAToken) {
      return false;
    }
  }
}
