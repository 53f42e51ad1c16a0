package ledger.load.template;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One string with ghz template actions, parsed once and rendered per call, e.g.
 * {@code "acc-{{randomInt 0 1000}}"} or {@code "dep-{{.RequestNumber}}"}.
 */
public final class Template {

  private final String source;
  private final List<Node> nodes;
  private final boolean constant;

  private Template(String source, List<Node> nodes) {
    this.source = source;
    this.nodes = List.copyOf(nodes);
    this.constant = nodes.stream().allMatch(Node::constant);
  }

  public static Template parse(String source) {
    return parse(source, new HashSet<>());
  }

  /** Parses with the variables that earlier templates of the same message declared (and adds this one's). */
  static Template parse(String source, Set<String> declared) {
    return new Template(source, new TemplateParser(source, declared).parse());
  }

  public String render(CallData data, RandomGenerator random) {
    return render(new Scope(data, random));
  }

  String render(Scope scope) {
    if (nodes.size() == 1 && nodes.get(0) instanceof Node.Text text) {
      return text.text();
    }
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      node.render(scope, out);
    }
    return out.toString();
  }

  /** True when every rendering gives the same text: no call data, variables or random functions. */
  public boolean isConstant() {
    return constant;
  }

  public String source() {
    return source;
  }
}
