package ledger.k8s.data;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;

/**
 * A manifest in the fabric8 Kubernetes model, with the fields the model does not know. fabric8
 * keeps an unknown field in the object's additionalProperties instead of refusing it, so a
 * misspelt field (readinessprobe, securitycontext) would pass a plain parse: this finds them.
 */
final class KubernetesModel {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubernetesModel() {
  }

  /** The typed object of a manifest; fails for a kind the model does not have. */
  static KubernetesResource typed(JsonNode manifest) {
    KubernetesResource resource = SERIALIZATION.unmarshal(manifest.toString());
    if (resource instanceof GenericKubernetesResource) {
      throw new AssertionError(manifest.path("apiVersion").asString() + " " + manifest.path("kind").asString()
          + " is not a kind of the fabric8 model");
    }
    return resource;
  }

  /** The custom resource as the untyped model holds it (its schema is checked by CrdSchema). */
  static GenericKubernetesResource generic(JsonNode manifest) {
    return SERIALIZATION.unmarshal(manifest.toString(), GenericKubernetesResource.class);
  }

  /** The paths of every field the model kept as unknown. */
  static List<String> unknownFields(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, found));
      return;
    }
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.") || value.getClass().isEnum()) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      Object field = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) field).keySet().forEach(key -> found.add(path + "." + key));
      } else {
        walk(field, path + "." + getter.getName().replaceFirst("^(get|is)", ""), found);
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(getter.toString(), e);
    }
  }
}
