package ledger.k8s;

import java.util.List;
import java.util.Map;

/**
 * RFC 6902 JSON Patch on a plain tree, for the operations the overlays use: add, replace and
 * remove (paths are RFC 6901 pointers; "-" appends to a list). Any other operation, or a path
 * whose parent is missing, stops the render, as kustomize's patch would fail.
 */
final class JsonPatch {

  private JsonPatch() {
  }

  @SuppressWarnings("unchecked")
  static void apply(Map<String, Object> object, List<Object> operations) {
    for (Object o : operations) {
      Map<String, Object> operation = (Map<String, Object>) o;
      String op = (String) operation.get("op");
      String path = (String) operation.get("path");
      if (path == null || !path.startsWith("/")) {
        throw new IllegalStateException("JSON patch path " + path + " is not a pointer");
      }
      String[] tokens = path.substring(1).split("/", -1);
      Object parent = object;
      for (int i = 0; i < tokens.length - 1; i++) {
        parent = child(parent, unescape(tokens[i]), path);
      }
      String last = unescape(tokens[tokens.length - 1]);
      switch (op) {
        case "add" -> add(parent, last, operation.get("value"), path);
        case "replace" -> {
          remove(parent, last, path);
          add(parent, last, operation.get("value"), path);
        }
        case "remove" -> remove(parent, last, path);
        default -> throw new IllegalStateException("JSON patch operation " + op + " is not rendered by this test");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object child(Object parent, String token, String path) {
    Object child = parent instanceof Map<?, ?> map ? map.get(token)
        : parent instanceof List<?> list ? list.get(index(list, token, path, false)) : null;
    if (child == null) {
      throw new IllegalStateException("JSON patch path " + path + ": no " + token);
    }
    return child;
  }

  @SuppressWarnings("unchecked")
  private static void add(Object parent, String token, Object value, String path) {
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(token, value);
    } else if (parent instanceof List<?> list) {
      ((List<Object>) list).add(token.equals("-") ? list.size() : index(list, token, path, true), value);
    } else {
      throw new IllegalStateException("JSON patch path " + path + ": the parent is a scalar");
    }
  }

  private static void remove(Object parent, String token, String path) {
    if (parent instanceof Map<?, ?> map && map.containsKey(token)) {
      map.remove(token);
    } else if (parent instanceof List<?> list) {
      list.remove(index(list, token, path, false));
    } else {
      throw new IllegalStateException("JSON patch path " + path + ": nothing to remove");
    }
  }

  private static int index(List<?> list, String token, String path, boolean end) {
    int index = Integer.parseInt(token);
    if (index < 0 || index > list.size() || (!end && index == list.size())) {
      throw new IllegalStateException("JSON patch path " + path + ": index " + index + " out of range");
    }
    return index;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
