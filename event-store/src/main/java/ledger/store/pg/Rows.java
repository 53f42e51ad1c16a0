package ledger.store.pg;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import ledger.domain.AccountId;
import ledger.store.EventCodec;
import ledger.store.EventMetadata;
import ledger.store.RecordedEvent;
import ledger.store.UnreadableEvent;
import ledger.store.UnreadableEventException;

/** Rows of ledger.events, selected with Sql's event columns, into recorded events. */
final class Rows {

  private Rows() {
  }

  /** A tail row: the event, or, when this code cannot read it, what is known of it. */
  record Read(RecordedEvent event, UnreadableEvent unreadable) {
  }

  static Read tailRow(Row row) {
    try {
      return new Read(readable(row), null);
    } catch (RuntimeException e) {
      // an upcaster meeting an old payload it did not expect fails with anything: the row is unreadable
      return new Read(null, new UnreadableEvent(row.getLong("global_position"), row.getLong("transaction_id"),
          AccountId.of(row.getString("stream_id")), row.getLong("stream_version"), row.getString("event_type"),
          row.getInteger("schema_version"), e.getMessage()));
    }
  }

  /** The row's event; an event this release cannot read fails the read with EVENT_UNREADABLE. */
  static RecordedEvent event(Row row) {
    try {
      return readable(row);
    } catch (RuntimeException e) {
      throw new UnreadableEventException(AccountId.of(row.getString("stream_id")), row.getLong("stream_version"),
          row.getString("event_type") + " v" + row.getInteger("schema_version") + ": " + e.getMessage());
    }
  }

  private static RecordedEvent readable(Row row) {
    String metadataText = row.getString("metadata");
    JsonObject metadata = metadataText == null ? new JsonObject() : new JsonObject(metadataText);
    return new RecordedEvent(
        row.getLong("global_position"),
        row.getLong("transaction_id"),
        AccountId.of(row.getString("stream_id")),
        row.getLong("stream_version"),
        EventCodec.decode(row.getString("event_type"), row.getInteger("schema_version"),
            new JsonObject(row.getString("payload"))),
        new EventMetadata(metadata.getString("command_id"), metadata.getString("correlation_id"),
            metadata.getString(EventMetadataJson.SUBJECT), metadata.getString(EventMetadataJson.TRACEPARENT)),
        row.getOffsetDateTime("recorded_at").toInstant());
  }
}
