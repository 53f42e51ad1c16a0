package ledger.load.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the part of Go's text/template that call data uses: text, {@code {{ pipeline }}}
 * actions with {@code {{-}}} trim markers, comments, fields ({@code .RequestNumber}),
 * variables ({@code $x := ...}, {@code $x}), function calls with literal, field, variable
 * or parenthesised arguments, and pipes ({@code randomInt 0 9 | printf "%03d"}).
 * No control structures (if, range, with).
 */
final class TemplateParser {

  private final String src;
  private final Set<String> declared;

  /** @param declared variables declared by earlier templates of the same message; this one adds to it */
  TemplateParser(String src, Set<String> declared) {
    this.src = src;
    this.declared = declared;
  }

  List<Node> parse() {
    List<Node> nodes = new ArrayList<>();
    int at = 0;
    boolean trimNextText = false;
    while (at <= src.length()) {
      int open = src.indexOf("{{", at);
      String text = src.substring(at, open < 0 ? src.length() : open);
      if (trimNextText) {
        text = text.stripLeading();
      }
      if (open < 0) {
        addText(nodes, text);
        break;
      }
      int start = open + 2;
      boolean trimBefore = src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start);
      if (trimBefore) {
        text = text.stripTrailing();
        start += 2;
      }
      addText(nodes, text);
      int close = endOfAction(start);
      int end = close;
      trimNextText = close - 2 >= start && src.startsWith(" -", close - 2);
      if (trimNextText) {
        end = close - 2;
      }
      String action = src.substring(start, end).strip();
      if (!(action.startsWith("/*") && action.endsWith("*/"))) {
        nodes.add(action(action));
      }
      at = close + 2;
    }
    return nodes;
  }

  private static void addText(List<Node> nodes, String text) {
    if (!text.isEmpty()) {
      nodes.add(new Node.Text(text));
    }
  }

  /** Index of the "}}" closing the action that starts at {@code from}, skipping quoted strings. */
  private int endOfAction(int from) {
    char quote = 0;
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '}' && src.startsWith("}}", i)) {
        return i;
      }
    }
    throw new TemplateException("unclosed action in \"" + src + "\": missing }}");
  }

  private Node action(String action) {
    if (action.isEmpty()) {
      throw new TemplateException("empty action {{}} in \"" + src + "\"");
    }
    Tokens tokens = new Tokens(action, src);
    if (tokens.peekIs(Tokens.Kind.VARIABLE) && tokens.peekIs(1, Tokens.Kind.DECLARE)) {
      String name = tokens.next().text();
      tokens.next();
      Expr value = pipeline(tokens);
      tokens.expectEnd();
      declared.add(name);
      return new Node.Declare(name, value);
    }
    Expr expr = pipeline(tokens);
    tokens.expectEnd();
    return new Node.Print(expr);
  }

  private Expr pipeline(Tokens tokens) {
    Expr value = command(tokens, null);
    while (tokens.peekIs(Tokens.Kind.PIPE)) {
      tokens.next();
      value = command(tokens, value);
    }
    return value;
  }

  /** One command; {@code piped} is the value of the command before a "|", passed as its last argument. */
  private Expr command(Tokens tokens, Expr piped) {
    List<Token> words = new ArrayList<>();
    List<Expr> operands = new ArrayList<>();
    while (tokens.hasNext() && !tokens.peekIs(Tokens.Kind.PIPE) && !tokens.peekIs(Tokens.Kind.RIGHT)) {
      Token t = tokens.next();
      words.add(t);
      operands.add(t.kind() == Tokens.Kind.IDENT && words.size() == 1 ? null : operand(t, tokens));
    }
    if (words.isEmpty()) {
      throw new TemplateException("missing value in \"" + src + "\"");
    }
    Token head = words.get(0);
    if (head.kind() == Tokens.Kind.IDENT && !head.text().equals("true") && !head.text().equals("false")) {
      List<Expr> args = new ArrayList<>(operands.subList(1, operands.size()));
      if (piped != null) {
        args.add(piped);
      }
      return new Expr.Call(TemplateFunctions.find(head.text()), args);
    }
    if (operands.get(0) == null) {
      operands.set(0, new Expr.Literal(Boolean.parseBoolean(head.text())));
    }
    if (operands.size() > 1 || piped != null) {
      throw new TemplateException("can't give argument to non-function " + head.text() + " in \"" + src + "\"");
    }
    return operands.get(0);
  }

  private Expr operand(Token t, Tokens tokens) {
    return switch (t.kind()) {
      case NUMBER -> new Expr.Literal(Long.parseLong(t.text()));
      case STRING -> new Expr.Literal(t.text());
      case FIELD -> new Expr.Field(t.text());
      case VARIABLE -> {
        if (!declared.contains(t.text())) {
          throw new TemplateException("undefined variable $" + t.text() + " in \"" + src + "\"");
        }
        yield new Expr.Var(t.text());
      }
      case IDENT -> switch (t.text()) {
        case "true", "false" -> new Expr.Literal(Boolean.parseBoolean(t.text()));
        default -> {
          // as in Go, a function named as an argument is called with no arguments
          TemplateFunctions.Function f = TemplateFunctions.find(t.text());
          if (f.minArgs() > 0) {
            throw new TemplateException(t.text() + " needs arguments; wrap the call in parentheses: (" + t.text()
                + " ...) in \"" + src + "\"");
          }
          yield new Expr.Call(f, List.of());
        }
      };
      case LEFT -> {
        Expr inner = pipeline(tokens);
        tokens.expect(Tokens.Kind.RIGHT);
        yield inner;
      }
      default -> throw new TemplateException("unexpected \"" + t.text() + "\" in \"" + src + "\"");
    };
  }
}
