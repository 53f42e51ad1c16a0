package ledger.load.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.load.config.GhzConfig;
import ledger.load.grpc.MethodTarget;

/**
 * Checks a config against the method the server describes: every field named in
 * {@code data} exists in the request message (by its proto or JSON name, nested messages
 * too), and the first request renders and parses. Keys that are templates are not checked.
 */
public final class ConfigCheck {

  private ConfigCheck() {
  }

  /** @return what is wrong, empty when the config fits the method */
  public static List<String> problems(GhzConfig config, MethodTarget method) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.data().size(); i++) {
      String where = config.data().size() > 1 ? "data[" + i + "]" : "data";
      fields(config.data().get(i), method.input(), where, problems);
    }
    if (method.clientStreaming()) {
      problems.add(config.call() + " is client-streaming, which the Java runner does not play");
    }
    if (problems.isEmpty()) {
      try {
        RequestFactory requests = new RequestFactory(config, method);
        requests.build(0, requests.workerId(0, 0), ThreadLocalRandom.current());
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private static void fields(JsonObject message, Descriptor type, String path, List<String> problems) {
    for (String key : message.fieldNames()) {
      if (key.contains("{{")) {
        continue;
      }
      FieldDescriptor field = find(type, key);
      if (field == null) {
        problems.add(path + "." + key + ": " + type.getFullName() + " has no field \"" + key + "\"; it has "
            + type.getFields().stream().map(FieldDescriptor::getName).toList());
        continue;
      }
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
          || field.getMessageType().getFullName().startsWith("google.protobuf.")) {
        continue;
      }
      Object value = message.getValue(key);
      if (field.isMapField()) {
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        if (value instanceof JsonObject map && valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          map.fieldNames().forEach(k -> {
            if (map.getValue(k) instanceof JsonObject v) {
              fields(v, valueField.getMessageType(), path + "." + key + "." + k, problems);
            }
          });
        }
      } else if (value instanceof JsonObject nested) {
        fields(nested, field.getMessageType(), path + "." + key, problems);
      } else if (value instanceof JsonArray items) {
        for (int i = 0; i < items.size(); i++) {
          if (items.getValue(i) instanceof JsonObject nested) {
            fields(nested, field.getMessageType(), path + "." + key + "[" + i + "]", problems);
          }
        }
      }
    }
  }

  private static FieldDescriptor find(Descriptor type, String key) {
    FieldDescriptor byName = type.findFieldByName(key);
    if (byName != null) {
      return byName;
    }
    return type.getFields().stream().filter(f -> f.getJsonName().equals(key)).findFirst().orElse(null);
  }
}
