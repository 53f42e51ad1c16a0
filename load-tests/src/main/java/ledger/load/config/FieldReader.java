package ledger.load.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/** Typed reads of one config object, each failing with the field's name. */
record FieldReader(JsonObject o) {

  String string(String field, String fallback) {
    Object v = o.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException("\"" + field + "\" must be a string, got " + v);
    }
    return s;
  }

  boolean bool(String field, boolean fallback) {
    Object v = o.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new ConfigException("\"" + field + "\" must be true or false, got " + v);
    }
    return b;
  }

  long count(String field, long fallback) {
    Object v = o.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0
        && n.longValue() <= Integer.MAX_VALUE) {
      return n.longValue();
    }
    throw new ConfigException("\"" + field + "\" must be a whole number >= 0, got " + v);
  }

  Duration duration(String field, Duration fallback) {
    Object v = o.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == 0) {
      return Duration.ZERO;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException("\"" + field + "\" must be a duration string such as \"30s\", got " + v);
    }
    try {
      return GoDuration.parse(s);
    } catch (ConfigException e) {
      throw new ConfigException("\"" + field + "\": " + e.getMessage(), e);
    }
  }

  Map<String, String> stringMap(String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof JsonObject object)) {
      throw new ConfigException("\"" + field + "\" must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : object.fieldNames()) {
      if (!(object.getValue(key) instanceof String s)) {
        throw new ConfigException("\"" + field + "\".\"" + key + "\" must be a string");
      }
      map.put(key, s);
    }
    return map;
  }

  void constant(String field) {
    String v = string(field, "const");
    if (!v.equals("const")) {
      throw new ConfigException("\"" + field + "\": only \"const\" is supported, got \"" + v + "\"");
    }
  }
}
