package ledger.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' strategic merge patch, for the fields these manifests patch: maps merge, a null
 * deletes the key, {@code $patch: replace} replaces a map, lists of containers, env, volumes,
 * volume mounts, ports and topology spread constraints merge by their merge key (as the API's
 * patchMergeKey says), every other list is replaced.
 */
final class StrategicMerge {

  private static final Map<String, String> MERGE_KEYS = Map.of(
      "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
      "imagePullSecrets", "name", "volumeMounts", "mountPath", "topologySpreadConstraints", "topologyKey");

  private StrategicMerge() {
  }

  @SuppressWarnings("unchecked")
  static void apply(Map<String, Object> target, Map<String, Object> patch) {
    for (Map.Entry<String, Object> entry : patch.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      Object current = target.get(key);
      if (value == null) {
        target.remove(key);
      } else if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> existing
          && !"replace".equals(map.get("$patch"))) {
        apply((Map<String, Object>) existing, (Map<String, Object>) map);
      } else if (value instanceof List<?> list && current instanceof List<?> existing && mergeKey(key, list) != null) {
        target.put(key, merged((List<Object>) existing, (List<Object>) list, mergeKey(key, list)));
      } else {
        if (value instanceof Map<?, ?> map) {
          map.remove("$patch");
        }
        target.put(key, value);
      }
    }
  }

  /** The merge key of a list field, or null when the list is replaced. Ports: containerPort, or port for a Service. */
  private static String mergeKey(String field, List<?> items) {
    if (field.equals("ports")) {
      return items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.containsKey("containerPort"))
          ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(field);
  }

  /**
   * The patch's items first, in its order (each merged into the item of the same key, if any),
   * then the existing items it does not name: the order kustomize's merge (kyaml) gives, which
   * KubectlKustomizeTest compares against.
   */
  @SuppressWarnings("unchecked")
  private static List<Object> merged(List<Object> existing, List<Object> patch, String mergeKey) {
    List<Object> result = new ArrayList<>();
    List<Object> rest = new ArrayList<>(existing);
    for (Object item : patch) {
      Map<String, Object> patchItem = (Map<String, Object>) item;
      Object key = patchItem.get(mergeKey);
      Map<String, Object> match = rest.stream().map(o -> (Map<String, Object>) o)
          .filter(o -> Objects.equals(o.get(mergeKey), key)).findFirst().orElse(null);
      rest.remove(match);
      if ("delete".equals(patchItem.get("$patch"))) {
        continue;
      }
      if (match == null) {
        result.add(patchItem);
      } else {
        apply(match, patchItem);
        result.add(match);
      }
    }
    result.addAll(rest);
    return result;
  }
}
