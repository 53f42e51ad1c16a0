package ledger.k8s.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI v3 schema of a custom resource, as its operator's CRD publishes it (copied into
 * src/test/resources/crds, descriptions removed; the README there says from which release), and
 * the checks the API server would make of a manifest against it: every field known, the type of
 * every value, enums, required fields. So a field the operator does not have fails here, not at
 * kubectl apply.
 */
final class CrdSchema {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  private final JsonNode root;

  private CrdSchema(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** The schema of {@code kind} in {@code apiVersion} (group/version). */
  static CrdSchema of(String apiVersion, String kind) {
    String name = "crds/" + apiVersion.replace('/', '_') + "_" + kind + ".json";
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("no schema " + name + " in src/test/resources");
      }
      return new CrdSchema(name, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the API server would refuse in {@code object}: empty when it is valid. */
  List<String> violations(JsonNode object) {
    List<String> found = new ArrayList<>();
    check(object, root, "", found);
    return found;
  }

  private void check(JsonNode value, JsonNode schema, String path, List<String> found) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isString()) {
        found.add(path + ": an integer or a string, not " + value);
      }
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      found.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    switch (schema.path("type").asString("")) {
      case "object" -> object(value, schema, path, found);
      case "array" -> {
        if (!value.isArray()) {
          found.add(path + ": an array, not " + value);
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.path("items"), path + "[" + i + "]", found);
        }
      }
      case "string" -> expect(value.isString(), "a string", value, path, found);
      case "integer" -> expect(value.isIntegralNumber(), "an integer", value, path, found);
      case "number" -> expect(value.isNumber(), "a number", value, path, found);
      case "boolean" -> expect(value.isBoolean(), "a boolean", value, path, found);
      default -> { } // no type: anything (x-kubernetes-preserve-unknown-fields, quantities)
    }
  }

  private void object(JsonNode value, JsonNode schema, String path, List<String> found) {
    if (!value.isObject()) {
      found.add(path + ": an object, not " + value);
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String at = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), at, found);
      } else if (additional.isObject()) {
        check(field.getValue(), additional, at, found);
      } else if (!properties.isMissingNode() && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        found.add(at + ": no such field in " + name);
      }
    }
    schema.path("required").forEach(required -> {
      if (!value.has(required.asString())) {
        found.add(path + "." + required.asString() + ": required");
      }
    });
  }

  private static boolean contains(JsonNode options, JsonNode value) {
    for (JsonNode option : options) {
      if (option.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static void expect(boolean ok, String what, JsonNode value, String path, List<String> found) {
    if (!ok) {
      found.add(path + ": " + what + ", not " + value);
    }
  }
}
