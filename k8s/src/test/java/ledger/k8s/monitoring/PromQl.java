package ledger.k8s.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana template query) selects: every bare
 * identifier that is not a function, an aggregation, a keyword or a label. Skipped: string
 * literals, label matchers inside {}, range and subquery brackets, the label lists of
 * by/without/on/ignoring/group_left/group_right, numbers and durations, Grafana variables
 * ($x, ${x}, [[x]]). A name written as {__name__="x"} is not seen: our files do not use it.
 * Not a parser: it trusts the expression to be valid PromQL (PromtoolTest has promtool check the rules).
 */
final class PromQl {

  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "atan2", "inf", "nan");

  private static final Pattern LABEL_VALUES = Pattern.compile("\\s*label_values\\((.*),\\s*[A-Za-z_]\\w*\\s*\\)\\s*",
      Pattern.DOTALL);
  private static final Pattern QUERY_RESULT = Pattern.compile("\\s*query_result\\((.*)\\)\\s*", Pattern.DOTALL);
  private static final Pattern NO_METRIC = Pattern.compile("\\s*(label_values\\(\\s*\\w+\\s*\\)|label_names\\(\\)|metrics\\(.*\\))\\s*");

  private final String text;
  private int at;

  private PromQl(String text) {
    this.text = text;
  }

  static Set<String> metricNames(String expression) {
    return new PromQl(expression).scan();
  }

  /**
   * The PromQL inside a Grafana template query: the series selector of {@code label_values(selector, label)}
   * (the label is no metric), the expression of {@code query_result(expr)}; "" for queries naming no metric.
   */
  static String templateSelector(String query) {
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (labelValues.matches()) {
      return labelValues.group(1);
    }
    Matcher result = QUERY_RESULT.matcher(query);
    if (result.matches()) {
      return result.group(1);
    }
    return NO_METRIC.matcher(query).matches() ? "" : query;
  }

  private Set<String> scan() {
    Set<String> names = new LinkedHashSet<>();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
      } else if (c == '{') {
        skipBalanced('{', '}');
      } else if (c == '[') {
        skipBalanced('[', ']');
      } else if (c == '$') {
        skipVariable();
      } else if (c == '#') {
        skipComment();
      } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
        skipNumber();
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        String word = identifier();
        classify(word, names);
      } else {
        at++;
      }
    }
    return names;
  }

  private void classify(String word, Set<String> names) {
    String lower = word.toLowerCase();
    if (GROUPING.contains(lower)) {
      // Its label list, when it has one (group_left may stand alone).
      if (peek() == '(') {
        skipSpaces();
        skipBalanced('(', ')');
      }
    } else if (!AGGREGATIONS.contains(lower) && !KEYWORDS.contains(lower) && peek() != '(') {
      names.add(word); // neither a function call nor a keyword: a metric
    }
  }

  private String identifier() {
    int start = at;
    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_'
        || text.charAt(at) == ':')) {
      at++;
    }
    return text.substring(start, at);
  }

  /** The next character that is not white space, without consuming anything; 0 at the end. */
  private char peek() {
    int i = at;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i < text.length() ? text.charAt(i) : 0;
  }

  private void skipSpaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private void skipString(char quote) {
    at++;
    while (at < text.length() && text.charAt(at) != quote) {
      at += text.charAt(at) == '\\' && quote != '`' ? 2 : 1;
    }
    at++;
  }

  /** Past the bracket opened here and its match, strings inside skipped whole. */
  private void skipBalanced(char open, char close) {
    int depth = 0;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        at++;
        return;
      }
      at++;
    }
  }

  private void skipVariable() {
    at++;
    if (at < text.length() && text.charAt(at) == '{') {
      skipBalanced('{', '}');
    } else {
      identifier();
    }
  }

  private void skipComment() {
    while (at < text.length() && text.charAt(at) != '\n') {
      at++;
    }
  }

  /** A number (1, 0.99, 1e3, 0x1f) or a duration (5m, 1h30m, 500ms): digits, then letters and digits. */
  private void skipNumber() {
    while (at < text.length()) {
      char c = text.charAt(at);
      boolean exponentSign = (c == '+' || c == '-') && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E');
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
        at++;
      } else {
        return;
      }
    }
  }
}
