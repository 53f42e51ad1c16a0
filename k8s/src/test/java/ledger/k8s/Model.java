package ledger.k8s;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The fabric8 Kubernetes model of a manifest, strictly: fabric8's classes keep any field they do
 * not know in {@code additionalProperties} instead of refusing it, so {@link #unknownFields} walks
 * the parsed object and names every field that landed there. Kinds fabric8 has no class for
 * (cert-manager, CloudNativePG) come back as {@link GenericKubernetesResource}.
 */
public final class Model {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Model() {
  }

  /** The object of one document; fails naming {@code where} when it is not a Kubernetes object. */
  static HasMetadata parse(Map<String, Object> tree, String where) {
    KubernetesResource resource;
    try {
      resource = SERIALIZATION.unmarshal(Yaml.json(tree));
    } catch (RuntimeException e) {
      throw new IllegalStateException(where + ": does not parse as a Kubernetes object: " + e.getMessage(), e);
    }
    if (!(resource instanceof HasMetadata object)) {
      throw new IllegalStateException(where + ": not a Kubernetes object with metadata: " + resource);
    }
    return object;
  }

  /** Every field of {@code object} (by its path) that its model class does not declare; empty when none. */
  public static List<String> unknownFields(HasMetadata object) {
    List<String> unknown = new ArrayList<>();
    if (object instanceof GenericKubernetesResource generic) {
      if (generic.getApiVersion() == null || generic.getKind() == null || generic.getMetadata() == null
          || generic.getMetadata().getName() == null) {
        unknown.add("(apiVersion, kind and metadata.name are required)");
      }
      return unknown;
    }
    walk(object, object.getKind(), unknown, new IdentityHashMap<>());
    return unknown;
  }

  /**
   * Every field of any fabric8 model object (a whole resource or a part of one, the monitoring
   * model's included), by its path below {@code path}, that its class does not declare.
   */
  public static List<String> unknownFields(Object model, String path) {
    List<String> unknown = new ArrayList<>();
    walk(model, path, unknown, new IdentityHashMap<>());
    return unknown;
  }

  private static void walk(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
        || value instanceof Enum<?> || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, unknown, seen));
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object fieldValue;
        try {
          fieldValue = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
          if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(key -> unknown.add(path + "." + key));
          }
        } else {
          walk(fieldValue, path + "." + field.getName(), unknown, seen);
        }
      }
    }
  }
}
