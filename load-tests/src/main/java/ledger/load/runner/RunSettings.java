package ledger.load.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.load.config.GhzConfig;
import ledger.load.config.GoDuration;
import ledger.load.grpc.MethodTarget;

/** A ghz run's effective settings, as the reports show them. */
final class RunSettings {

  private RunSettings() {
  }

  static JsonObject of(GhzConfig c, MethodTarget method, boolean open) {
    JsonObject s = new JsonObject()
        .put("call", c.call().dotted())
        .put("host", c.host())
        .put("transport", c.transport().describe())
        .put("load", open ? "open loop at " + c.rps() + " calls/s, at most " + c.concurrency() + " in flight"
            : "closed loop, " + c.concurrency() + " workers")
        .put("streaming", method.serverStreaming())
        .put("concurrency", c.concurrency())
        .put("connections", c.connections())
        .put("rps", c.rps())
        .put("timeout", GoDuration.format(c.timeout()))
        .put("skipFirst", c.skipFirst())
        .put("countErrors", c.countErrors());
    if (c.timed()) {
      s.put("duration", GoDuration.format(c.duration())).put("durationStop", c.durationStop().name().toLowerCase());
    } else {
      s.put("total", c.total());
    }
    if (!c.maxDuration().isZero()) {
      s.put("maxDuration", GoDuration.format(c.maxDuration()));
    }
    if (c.streamCallCount() > 0) {
      s.put("streamCallCount", c.streamCallCount());
    }
    if (!c.streamCallDuration().isZero()) {
      s.put("streamCallDuration", GoDuration.format(c.streamCallDuration()));
    }
    s.put("data", new JsonArray(new ArrayList<>(c.data())));
    if (!c.metadata().isEmpty()) {
      s.put("metadata", new JsonObject(new LinkedHashMap<>(c.metadata())));
    }
    if (!c.tags().isEmpty()) {
      s.put("tags", new JsonObject(new LinkedHashMap<>(c.tags())));
    }
    return s;
  }
}
