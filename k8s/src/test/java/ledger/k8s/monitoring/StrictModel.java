package ledger.k8s.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads a manifest into its fabric8 model and refuses any field the model does not know. fabric8's
 * classes keep unknown fields in {@code additionalProperties} instead of failing (a misspelt
 * {@code podMetricEndpoints} would parse, and the operator would ignore it): every object of the
 * model read is walked and must have none.
 */
final class StrictModel {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StrictModel() {
  }

  static <T> T read(Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      return checked(SERIALIZATION.unmarshal(in, type), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T parse(String yaml, Class<T> type) {
    return checked(SERIALIZATION.unmarshal(yaml, type), "the manifest");
  }

  private static <T> T checked(T model, String source) {
    List<String> unknown = new ArrayList<>();
    walk(model, model.getClass().getSimpleName(), unknown);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(source + " has fields its model does not know: " + unknown);
    }
    return model;
  }

  private static void walk(Object node, String path, List<String> unknown) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> walk(value, path + "." + key, unknown));
      return;
    }
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> unknown.add(path + "." + key));
        }
      } else {
        walk(value, path + "." + property(getter.getName()), unknown);
      }
    }
  }

  private static String property(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
