package ledger.store.pg;

import io.vertx.core.json.JsonObject;
import ledger.store.Append;

/**
 * The metadata column of ledger.events, one JSON object per command (every event of a command
 * carries the same): {@code command_id}, {@code correlation_id}, and {@code subject} only when
 * the caller authenticated. An anonymous command stores no subject key at all, so its rows are
 * as they were before subjects were recorded, and it costs the append nothing. Likewise
 * {@code traceparent} (the W3C trace context of the append) only when the command was traced.
 */
final class EventMetadataJson {

  static final String SUBJECT = "subject";
  static final String TRACEPARENT = "traceparent";

  private EventMetadataJson() {
  }

  static String encode(Append append) {
    JsonObject metadata = new JsonObject()
        .put("command_id", append.commandId().value())
        .put("correlation_id", append.correlationId());
    if (append.subject() != null) {
      metadata.put(SUBJECT, append.subject());
    }
    if (append.traceparent() != null) {
      metadata.put(TRACEPARENT, append.traceparent());
    }
    return metadata.encode();
  }
}
