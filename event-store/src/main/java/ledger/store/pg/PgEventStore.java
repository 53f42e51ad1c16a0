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
import ledger.store.Checkpoint;
import ledger.store.CommandRecord;
import ledger.store.DuplicateCommandException;
import ledger.store.EventCodec;
import ledger.store.NewEvent;
import ledger.store.Origin;
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
    return appendAll(List.of(append))
        .recover(failure -> Future.failedFuture(translate(failure, append)))
        .map(results -> results.get(0));
  }

  /**
   * Appends several commands in one statement: all of them or none. On a conflict the
   * failure does not say which command caused it; the caller appends them one by one then.
   * Results are in the order of {@code appends}.
   */
  public Future<List<AppendResult>> appendAll(List<Append> appends) {
    int events = appends.stream().mapToInt(a -> a.events().size()).sum();
    String[] streams = new String[events];
    Long[] versions = new Long[events];
    String[] types = new String[events];
    Integer[] schemaVersions = new Integer[events];
    String[] payloads = new String[events];
    String[] metadata = new String[events];
    Integer[] eventCommands = new Integer[events];
    int size = appends.size();
    String[] commandIds = new String[size];
    Buffer[] fingerprints = new Buffer[size];
    String[] commandTypes = new String[size];
    String[] streamVersions = new String[size];
    Integer[] commandIndexes = new Integer[size];
    String[] subjects = new String[size];
    int e = 0;
    for (int c = 0; c < size; c++) {
      Append append = appends.get(c);
      String metadataJson = EventMetadataJson.encode(append);
      for (NewEvent event : append.events()) {
        EventCodec.Encoded encoded = EventCodec.encode(event.event());
        streams[e] = event.streamId().value();
        versions[e] = event.version();
        types[e] = encoded.type();
        schemaVersions[e] = encoded.schemaVersion();
        payloads[e] = encoded.payload().encode();
        metadata[e] = metadataJson;
        eventCommands[e] = c;
        e++;
      }
      JsonObject versionsJson = new JsonObject();
      append.versions().forEach((id, version) -> versionsJson.put(id.value(), version));
      commandIds[c] = append.commandId().value();
      fingerprints[c] = Buffer.buffer(append.fingerprint());
      commandTypes[c] = append.commandType();
      streamVersions[c] = versionsJson.encode();
      commandIndexes[c] = c;
      subjects[c] = append.subject();
    }
    Tuple params = Tuple.tuple(List.of(streams, versions, types, schemaVersions, payloads, metadata, eventCommands,
        commandIds, fingerprints, commandTypes, streamVersions, commandIndexes, subjects));
    return pool.preparedQuery(Sql.APPEND).execute(params).map(rows -> {
      AppendResult[] results = new AppendResult[size];
      for (Row row : rows) {
        results[row.getInteger("command")] = new AppendResult(row.getLong("global_position"),
            row.getLong("transaction_id"), row.getOffsetDateTime("recorded_at").toInstant());
      }
      return List.of(results);
    });
  }

  /**
   * Records a command that was accepted but appended nothing (freezing a frozen account),
   * so that repeating its id returns this result even if the account changed meanwhile.
   * {@code subject} is who asked, null when anonymous. Fails with
   * {@link DuplicateCommandException} when the id is taken.
   */
  public Future<Void> recordNoOp(CommandId commandId, byte[] fingerprint, String commandType,
                                 Map<AccountId, Long> versions, String subject) {
    JsonObject streamVersions = new JsonObject();
    versions.forEach((id, version) -> streamVersions.put(id.value(), version));
    return pool.preparedQuery(Sql.RECORD_COMMAND)
        .execute(Tuple.of(commandId.value(), Buffer.buffer(fingerprint), commandType, streamVersions.encode(), subject))
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

  /** The accounts after {@code after} (exclusive; "" for the first page) in id order, at most {@code limit}. */
  public Future<List<AccountId>> streamIds(String after, int limit) {
    return pool.preparedQuery(Sql.STREAM_IDS)
        .execute(Tuple.of(after, limit))
        .map(rows -> {
          List<AccountId> ids = new ArrayList<>(rows.size());
          rows.forEach(row -> ids.add(AccountId.of(row.getString("stream_id"))));
          return ids;
        });
  }

  /** Which database this is: see {@link Origin}. */
  public Future<Origin> origin() {
    return pool.preparedQuery(Sql.ORIGIN).execute().map(rows -> {
      Row row = rows.iterator().next();
      return new Origin(row.getString("system_identifier"), row.getString("ledger_id"));
    });
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
              versions, row.getOffsetDateTime("recorded_at").toInstant(), row.getString("subject")));
        });
  }

  static List<RecordedEvent> events(RowSet<Row> rows) {
    List<RecordedEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) {
      events.add(Rows.event(row));
    }
    return events;
  }

  /** Whether a batch failed because of one of its commands (a taken version or id), not the database. */
  public static boolean isConflict(Throwable failure) {
    return failure instanceof PgException pg
        && (UNIQUE_VIOLATION.equals(pg.getSqlState()) || DEADLOCK_DETECTED.equals(pg.getSqlState()));
  }

  private static Throwable translate(Throwable failure, Append append) {
    if (failure instanceof PgException pg && DEADLOCK_DETECTED.equals(pg.getSqlState())) {
      // Should not happen given the row order of APPEND; if it does, it is a conflict like any other.
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
