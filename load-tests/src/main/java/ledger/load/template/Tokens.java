package ledger.load.template;

import java.util.ArrayList;
import java.util.List;

/** Splits one action's text into tokens, and walks them for the parser. */
final class Tokens {

  enum Kind { IDENT, FIELD, VARIABLE, NUMBER, STRING, LEFT, RIGHT, PIPE, DECLARE }

  private final List<Token> tokens = new ArrayList<>();
  private final String template;
  private int at;

  Tokens(String action, String template) {
    this.template = template;
    lex(action);
  }

  boolean hasNext() {
    return at < tokens.size();
  }

  boolean peekIs(Kind kind) {
    return peekIs(0, kind);
  }

  boolean peekIs(int ahead, Kind kind) {
    return at + ahead < tokens.size() && tokens.get(at + ahead).kind() == kind;
  }

  Token next() {
    if (!hasNext()) {
      throw new TemplateException("unexpected end of action in \"" + template + "\"");
    }
    return tokens.get(at++);
  }

  void expect(Kind kind) {
    if (!peekIs(kind)) {
      throw new TemplateException("expected " + kind + (hasNext() ? " before \"" + tokens.get(at).text() + "\"" : "")
          + " in \"" + template + "\"");
    }
    at++;
  }

  void expectEnd() {
    if (hasNext()) {
      throw new TemplateException("unexpected \"" + tokens.get(at).text() + "\" in \"" + template + "\"");
    }
  }

  private void lex(String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        tokens.add(new Token(Kind.LEFT, "("));
        i++;
      } else if (c == ')') {
        tokens.add(new Token(Kind.RIGHT, ")"));
        i++;
      } else if (c == '|') {
        tokens.add(new Token(Kind.PIPE, "|"));
        i++;
      } else if (s.startsWith(":=", i)) {
        tokens.add(new Token(Kind.DECLARE, ":="));
        i += 2;
      } else if (c == '"') {
        i = quoted(s, i);
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        if (end < 0) {
          throw new TemplateException("unterminated raw string in \"" + template + "\"");
        }
        tokens.add(new Token(Kind.STRING, s.substring(i + 1, end)));
        i = end + 1;
      } else if (c == '.' || c == '$') {
        int end = word(s, i + 1);
        if (end == i + 1) {
          throw new TemplateException("\"" + c + "\" must be followed by a name in \"" + template + "\"");
        }
        tokens.add(new Token(c == '.' ? Kind.FIELD : Kind.VARIABLE, s.substring(i + 1, end)));
        i = end;
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        int end = i + 1;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.NUMBER, s.substring(i, end)));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = word(s, i);
        tokens.add(new Token(Kind.IDENT, s.substring(i, end)));
        i = end;
      } else {
        throw new TemplateException("unexpected character '" + c + "' in \"" + template + "\"");
      }
    }
  }

  private static int word(String s, int from) {
    int end = from;
    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
      end++;
    }
    return end;
  }

  private int quoted(String s, int open) {
    StringBuilder out = new StringBuilder();
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        tokens.add(new Token(Kind.STRING, out.toString()));
        return i + 1;
      }
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        out.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> e;
        });
      } else {
        out.append(c);
      }
    }
    throw new TemplateException("unterminated string in \"" + template + "\"");
  }
}
