package ledger.load.template;

import java.util.List;
import java.util.Map;

/** A request message from the config with its templates parsed: renders to JSON text. */
sealed interface JsonNode {

  void render(Scope scope, StringBuilder out);

  boolean constant();

  record Obj(List<Map.Entry<Template, JsonNode>> fields) implements JsonNode {
    public void render(Scope scope, StringBuilder out) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<Template, JsonNode> field : fields) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(field.getKey().render(scope), out);
        out.append(':');
        field.getValue().render(scope, out);
      }
      out.append('}');
    }

    public boolean constant() {
      return fields.stream().allMatch(f -> f.getKey().isConstant() && f.getValue().constant());
    }
  }

  record Arr(List<JsonNode> items) implements JsonNode {
    public void render(Scope scope, StringBuilder out) {
      out.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        items.get(i).render(scope, out);
      }
      out.append(']');
    }

    public boolean constant() {
      return items.stream().allMatch(JsonNode::constant);
    }
  }

  record Str(Template template) implements JsonNode {
    public void render(Scope scope, StringBuilder out) {
      quote(template.render(scope), out);
    }

    public boolean constant() {
      return template.isConstant();
    }
  }

  /** A number, true, false or null, written as the config had it. */
  record Raw(String json) implements JsonNode {
    public void render(Scope scope, StringBuilder out) {
      out.append(json);
    }

    public boolean constant() {
      return true;
    }
  }

  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
