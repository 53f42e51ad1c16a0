package ledger.load.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads a ghz JSON config file. Fields this runner plays are read with ghz's defaults;
 * fields that only steer ghz itself (where descriptors or output go) are accepted and
 * noted; anything else is refused by name, so a scenario never silently means something
 * other than what it says.
 */
public final class GhzConfigParser {

  private GhzConfigParser() {
  }

  public static GhzConfig parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String base = file.getFileName().toString().replaceFirst("\\.json$", "");
    try {
      return parse(text, base);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** @param defaultName the run's name when the file gives none (the file name, usually) */
  public static GhzConfig parse(String json, String defaultName) {
    JsonObject o;
    try {
      o = new JsonObject(json);
    } catch (DecodeException e) {
      throw new ConfigException("not a JSON object: " + e.getMessage(), e);
    }
    List<String> notes = new ArrayList<>();
    for (String field : o.fieldNames()) {
      if (GhzFields.SUPPORTED.contains(field)) {
        continue;
      }
      if (GhzFields.IGNORED.containsKey(field)) {
        notes.add("\"" + field + "\" has no effect here: " + GhzFields.IGNORED.get(field));
      } else if (GhzFields.UNSUPPORTED.containsKey(field)) {
        throw new ConfigException("\"" + field + "\" is not supported by the Java runner: "
            + GhzFields.UNSUPPORTED.get(field));
      } else {
        throw new ConfigException("unknown field \"" + field + "\" (see https://ghz.sh/docs/options for ghz's fields)");
      }
    }
    FieldReader f = new FieldReader(o);
    Transport transport = transport(f, notes);
    f.constant("load-schedule");
    f.constant("concurrency-schedule");
    if (!o.containsKey("call")) {
      throw new ConfigException("\"call\" is required, e.g. \"ledger.v1.CommandService.Deposit\"");
    }
    return validated(new GhzConfig(
        f.string("name", defaultName),
        CallName.parse(f.string("call", null)),
        f.string("host", null),
        transport,
        data(o.getValue("data")),
        f.stringMap("metadata"),
        (int) f.count("concurrency", GhzConfig.DEFAULT_CONCURRENCY),
        (int) f.count("connections", GhzConfig.DEFAULT_CONNECTIONS),
        f.count("total", GhzConfig.DEFAULT_TOTAL),
        f.duration("duration", Duration.ZERO),
        f.duration("max-duration", Duration.ZERO),
        (int) f.count("rps", 0),
        f.duration("timeout", GhzConfig.DEFAULT_TIMEOUT),
        f.duration("connect-timeout", GhzConfig.DEFAULT_CONNECT_TIMEOUT),
        f.count("skipFirst", 0),
        f.bool("count-errors", false),
        o.containsKey("duration-stop") ? DurationStop.parse(f.string("duration-stop", null)) : DurationStop.CLOSE,
        f.duration("stream-call-duration", Duration.ZERO),
        f.count("stream-call-count", 0),
        f.stringMap("tags"),
        notes));
  }

  /** The cross-field rules ghz applies, checked again after command-line overrides. */
  static GhzConfig validated(GhzConfig c) {
    if (c.concurrency() < 1) {
      throw new ConfigException("concurrency must be at least 1");
    }
    if (c.connections() < 1) {
      throw new ConfigException("connections must be at least 1");
    }
    if (c.connections() > c.concurrency()) {
      throw new ConfigException("connections (" + c.connections() + ") cannot be more than concurrency ("
          + c.concurrency() + "): each connection needs a worker");
    }
    if (!c.timed() && c.total() < 1) {
      throw new ConfigException("total must be at least 1 (or give a duration)");
    }
    if (!c.timed() && c.total() < c.concurrency()) {
      throw new ConfigException("total (" + c.total() + ") cannot be less than concurrency (" + c.concurrency() + ")");
    }
    if (c.rps() < 0) {
      throw new ConfigException("rps must not be negative");
    }
    if (c.host() != null && !c.host().matches(".+:\\d+")) {
      throw new ConfigException("host must be host:port, got \"" + c.host() + "\"");
    }
    return c;
  }

  /** ghz's default is TLS ({@code "insecure": false}), trusting the system's CAs unless {@code cacert} says whom. */
  private static Transport transport(FieldReader f, List<String> notes) {
    Transport transport = new Transport(!f.bool("insecure", false), f.string("cacert", null), f.string("cert", null),
        f.string("key", null), f.string("cname", null), f.bool("skipTLS", false));
    if (transport.skipVerify() && transport.cacert() != null) {
      notes.add("\"cacert\" is not used: \"skipTLS\" trusts any server certificate (as in ghz)");
    }
    return transport;
  }

  private static List<JsonObject> data(Object data) {
    if (data == null) {
      return List.of(new JsonObject());
    }
    if (data instanceof JsonObject object) {
      return List.of(object);
    }
    if (data instanceof JsonArray array) {
      if (array.isEmpty()) {
        throw new ConfigException("\"data\" must not be an empty array");
      }
      List<JsonObject> messages = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof JsonObject object)) {
          throw new ConfigException("\"data\"[" + i + "] must be an object (one request message)");
        }
        messages.add(object);
      }
      return messages;
    }
    throw new ConfigException("\"data\" must be an object (one request message) or an array of them");
  }
}
