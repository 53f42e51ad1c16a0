package ledger.app;

import static ledger.testkit.Waits.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.Timestamp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountEvent;
import ledger.domain.AccountId;
import ledger.store.EventCodec;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;

/**
 * A fixture's event store read the way an auditor reads it: plain SQL on ledger.events and
 * ledger.snapshots, the codec, and the decider's fold. The expected values of the invariant
 * tests come from here, never from the server's answers.
 */
final class StoreAudit implements AutoCloseable {

  /** One row of ledger.events. */
  record StoredEvent(String streamId, long version, long globalPosition, String type, int schemaVersion,
                     JsonObject payload, JsonObject metadata, Instant recordedAt) {

    AccountEvent decoded() {
      return EventCodec.decode(type, schemaVersion, payload);
    }
  }

  /** One row of ledger.snapshots. */
  record SnapshotRow(String streamId, long version, int schemaVersion, JsonObject state) {
  }

  private static final String EVENTS = """
      SELECT stream_id, stream_version, global_position, event_type, schema_version, payload::text AS payload,
             metadata::text AS metadata, recorded_at
      FROM ledger.events""";

  private final Pool pool;

  StoreAudit(Vertx vertx, PgConnectOptions database) {
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database).using(vertx).build();
  }

  List<Row> query(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return rows;
  }

  /** Rows as JSON text, for assertion messages. */
  static List<String> describe(List<Row> rows) {
    return rows.stream().map(row -> row.toJson().encode()).toList();
  }

  /** Every stream, each in version order. */
  Map<String, List<StoredEvent>> streams() {
    Map<String, List<StoredEvent>> streams = new TreeMap<>();
    for (Row row : query(EVENTS + " ORDER BY stream_id, stream_version")) {
      streams.computeIfAbsent(row.getString("stream_id"), id -> new ArrayList<>()).add(event(row));
    }
    return streams;
  }

  List<StoredEvent> stream(String streamId) {
    return query(EVENTS + " WHERE stream_id = $1 ORDER BY stream_version", streamId).stream()
        .map(StoreAudit::event).toList();
  }

  List<SnapshotRow> snapshots() {
    return query("SELECT stream_id, stream_version, schema_version, state::text AS state FROM ledger.snapshots"
        + " ORDER BY stream_id, stream_version").stream()
        .map(row -> new SnapshotRow(row.getString("stream_id"), row.getLong("stream_version"),
            row.getInteger("schema_version"), new JsonObject(row.getString("state"))))
        .toList();
  }

  /** The state after the first {@code count} events, folded from version 1 with no snapshot. */
  static Account replay(String streamId, List<StoredEvent> events, long count) {
    return AccountDecider.fold(Account.unopened(AccountId.of(streamId)),
        events.stream().limit(count).map(StoredEvent::decoded).toList());
  }

  static Account replay(String streamId, List<StoredEvent> events) {
    return replay(streamId, events, events.size());
  }

  /** What GetBalanceAt must answer after each event (index k - 1 for version k): the fold, stamped by the event. */
  static List<Balance> balances(String streamId, List<StoredEvent> events) {
    List<Balance> balances = new ArrayList<>(events.size());
    Account state = Account.unopened(AccountId.of(streamId));
    for (StoredEvent event : events) {
      state = AccountDecider.evolve(state, event.decoded());
      balances.add(Balance.newBuilder()
          .setAccountId(streamId)
          .setBalanceMinor(state.balanceMinor())
          .setCurrency(state.currency().code())
          .setStatus(AccountStatus.valueOf(state.status().name()))
          .setVersion(state.version())
          .setGlobalPosition(event.globalPosition())
          .setUpdatedAt(timestamp(event.recordedAt()))
          .setOverdraftLimitMinor(state.overdraftLimitMinor())
          .build());
    }
    return balances;
  }

  /** The version a stream had at {@code instant}: its last event recorded at or before it; 0 for none. */
  static long versionAt(List<StoredEvent> events, Instant instant) {
    return events.stream().filter(e -> !e.recordedAt().isAfter(instant)).mapToLong(StoredEvent::version).max()
        .orElse(0);
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  /** The event store's own loader (newest snapshot, then the events after it), over this pool. */
  AccountLoader loader(int pageSize) {
    return new AccountLoader(new PgEventStore(pool), new SnapshotStore(pool), pageSize);
  }

  private static StoredEvent event(Row row) {
    return new StoredEvent(row.getString("stream_id"), row.getLong("stream_version"), row.getLong("global_position"),
        row.getString("event_type"), row.getInteger("schema_version"), new JsonObject(row.getString("payload")),
        new JsonObject(row.getString("metadata")), row.getOffsetDateTime("recorded_at").toInstant());
  }

  @Override
  public void close() {
    await(pool.close());
  }
}
