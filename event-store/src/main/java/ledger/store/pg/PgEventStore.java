package ledger.store.pg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.store.Append;
import ledger.store.AppendResult;
import ledger.store.CommandRecord;
import ledger.store.DuplicateCommandException;
import ledger.store.EventCodec;
import ledger.store.NewEvent;
import ledger.store.RecordedEvent;
import ledger.store.StreamConflictException;

/** Appends and reads account streams in PostgreSQL. */
public final class PgEventStore {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK_DETECTED = "40P01";

  private final Pool pool;

  public PgEventStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends the events and the command's idempotency record atomically. Fails with
   * {@link StreamConflictException} when a stream version is taken, and with
   * {@link DuplicateCommandException} when the command id is.
   */
  public Future<AppendResult> append(Append append) {
    // Rows go in in (stream, version) order, so two appends touching the same streams
    // lock their keys in the same order and wait for each other instead of deadlocking.
    List<NewEvent> ordered = append.events().stream()
        .sorted(java.util.Comparator.comparing((NewEvent e) -> e.streamId().value()).thenComparingLong(NewEvent::version))
        .toList();
    int size = ordered.size();
    String[] streams = new String[size];
    Long[] versions = new Long[size];
    String[] types = new String[size];
    Integer[] schemaVersions = new Integer[size];
    String[] payloads = new String[size];
    String[] metadata = new String[size];
    String metadataJson = new JsonObject()
        .put("command_id", append.commandId().value())
        .put("correlation_id", append.correlationId())
        .encode();
    for (int i = 0; i < size; i++) {
      NewEvent event = ordered.get(i);
      EventCodec.Encoded encoded = EventCodec.encode(event.event());
      streams[i] = event.streamId().value();
      versions[i] = event.version();
      types[i] = encoded.type();
      schemaVersions[i] = encoded.schemaVersion();
      payloads[i] = encoded.payload().encode();
      metadata[i] = metadataJson;
    }
    JsonObject streamVersions = new JsonObject();
    append.versions().forEach((id, version) -> streamVersions.put(id.value(), version));
    Tuple params = Tuple.tuple(List.of(streams, versions, types, schemaVersions, payloads, metadata,
        append.commandId().value(), Buffer.buffer(append.fingerprint()), append.commandType(),
        streamVersions.encode()));
    return pool.preparedQuery(Sql.APPEND).execute(params)
        .recover(failure -> Future.failedFuture(translate(failure, append)))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new AppendResult(row.getLong("global_position"), row.getLong("transaction_id"),
              row.getOffsetDateTime("recorded_at").toInstant());
        });
  }

  /**
   * Records a command that was accepted but appended nothing (freezing a frozen account),
   * so that repeating its id returns this result even if the account changed meanwhile.
   * Fails with {@link DuplicateCommandException} when the id is taken.
   */
  public Future<Void> recordNoOp(CommandId commandId, byte[] fingerprint, String commandType,
                                 Map<AccountId, Long> versions) {
    JsonObject streamVersions = new JsonObject();
    versions.forEach((id, version) -> streamVersions.put(id.value(), version));
    return pool.preparedQuery(Sql.RECORD_COMMAND)
        .execute(Tuple.of(commandId.value(), Buffer.buffer(fingerprint), commandType, streamVersions.encode()))
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(
            failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                ? new DuplicateCommandException(commandId) : failure));
  }

  /** Up to {@code limit} events of one stream from {@code fromVersion} (inclusive), in version order. */
  public Future<List<RecordedEvent>> readStream(AccountId stream, long fromVersion, int limit) {
    return pool.preparedQuery(Sql.READ_STREAM)
        .execute(Tuple.of(stream.value(), fromVersion, limit))
        .map(PgEventStore::events);
  }

  public Future<Optional<CommandRecord>> findCommand(CommandId commandId) {
    return pool.preparedQuery(Sql.FIND_COMMAND)
        .execute(Tuple.of(commandId.value()))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          Map<AccountId, Long> versions = new HashMap<>();
          new JsonObject(row.getString("versions"))
              .forEach(entry -> versions.put(AccountId.of(entry.getKey()), ((Number) entry.getValue()).longValue()));
          return Optional.of(new CommandRecord(commandId, row.getBuffer("fingerprint").getBytes(),
              row.getString("command_type"), row.getLong("global_position"), row.getLong("transaction_id"),
              versions, row.getOffsetDateTime("recorded_at").toInstant()));
        });
  }

  static List<RecordedEvent> events(RowSet<Row> rows) {
    List<RecordedEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) {
      events.add(Rows.event(row));
    }
    return events;
  }

  private static Throwable translate(Throwable failure, Append append) {
    if (failure instanceof PgException pg && DEADLOCK_DETECTED.equals(pg.getSqlState())) {
      // Should not happen given the row order above; if it does, it is a conflict like any other.
      return new StreamConflictException(pg.getMessage());
    }
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      if ("commands_pkey".equals(pg.getConstraint())) {
        return new DuplicateCommandException(append.commandId());
      }
      if ("events_pkey".equals(pg.getConstraint())) {
        return new StreamConflictException(pg.getDetail());
      }
    }
    return failure;
  }
}
