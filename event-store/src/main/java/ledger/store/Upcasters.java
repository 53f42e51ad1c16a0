package ledger.store;

import java.util.Map;
import java.util.function.UnaryOperator;

import io.vertx.core.json.JsonObject;

/**
 * Older payload shapes, brought up to the current one as they are read. Stored events
 * never change; each upcaster turns version n of one event type into version n + 1,
 * and reading applies them in a chain until the current version.
 */
final class Upcasters {

  private static final Map<String, UnaryOperator<JsonObject>> BY_TYPE_AND_VERSION = Map.of(
      // Version 1 accounts predate overdrafts: they had none.
      "AccountOpened@1", payload -> payload.copy().put("overdraft_limit_minor",
          payload.getLong("overdraft_limit_minor", 0L)));

  private Upcasters() {
  }

  /** The payload in the current shape of its type. */
  static JsonObject upcast(String type, int schemaVersion, int currentVersion, JsonObject payload) {
    JsonObject current = payload;
    for (int version = schemaVersion; version < currentVersion; version++) {
      UnaryOperator<JsonObject> upcaster = BY_TYPE_AND_VERSION.get(type + "@" + version);
      if (upcaster == null) {
        throw new IllegalArgumentException("no upcaster from version " + version + " of " + type);
      }
      current = upcaster.apply(current);
    }
    return current;
  }
}
