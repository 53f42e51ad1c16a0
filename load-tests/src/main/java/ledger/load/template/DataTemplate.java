package ledger.load.template;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code data} messages of a config with every string (keys too) parsed as a template.
 * Call n renders message n mod size, like ghz's round-robin. Templates of one message share
 * their variables, in the order the file lists the fields.
 */
public final class DataTemplate {

  private final List<JsonNode> messages;
  private final boolean constant;

  private DataTemplate(List<JsonNode> messages) {
    this.messages = List.copyOf(messages);
    this.constant = messages.stream().allMatch(JsonNode::constant);
  }

  public static DataTemplate compile(List<JsonObject> data) {
    List<JsonNode> messages = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      try {
        messages.add(node(data.get(i), new HashSet<>()));
      } catch (TemplateException e) {
        throw new TemplateException("data" + (data.size() > 1 ? "[" + i + "]" : "") + ": " + e.getMessage());
      }
    }
    return new DataTemplate(messages);
  }

  /** Renders string values of a map, such as the call metadata, each as its own template. */
  public static Map<String, Template> compileStrings(Map<String, String> values) {
    Map<String, Template> compiled = new LinkedHashMap<>();
    values.forEach((k, v) -> compiled.put(k, Template.parse(v)));
    return compiled;
  }

  public int size() {
    return messages.size();
  }

  /** The JSON text of the message for this call. */
  public String render(CallData data, RandomGenerator random) {
    StringBuilder out = new StringBuilder(128);
    messages.get((int) Math.floorMod(data.requestNumber(), (long) messages.size())).render(new Scope(data, random), out);
    return out.toString();
  }

  /** True when every call gets the same message text (then it can be encoded once). */
  public boolean isConstant() {
    return constant && messages.size() == 1;
  }

  private static JsonNode node(Object value, Set<String> declared) {
    if (value instanceof JsonObject object) {
      List<Map.Entry<Template, JsonNode>> fields = new ArrayList<>();
      for (String key : object.fieldNames()) {
        Template name = Template.parse(key, declared);
        fields.add(new AbstractMap.SimpleImmutableEntry<>(name, node(object.getValue(key), declared)));
      }
      return new JsonNode.Obj(fields);
    }
    if (value instanceof JsonArray array) {
      List<JsonNode> items = new ArrayList<>();
      for (Object item : array) {
        items.add(node(item, declared));
      }
      return new JsonNode.Arr(items);
    }
    if (value instanceof String s) {
      return new JsonNode.Str(Template.parse(s, declared));
    }
    return new JsonNode.Raw(Json.encode(value));
  }
}
