package ledger.command;

import static ledger.testkit.Waits.await;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.store.pg.SchemaMigrator;

/** Reads what was appended with plain SQL, as an auditor would: ledger.events and ledger.commands. */
final class LedgerTables implements AutoCloseable {

  /** One row of ledger.events. */
  record StoredEvent(long globalPosition, String streamId, long version, String type, JsonObject payload,
                     String commandId) {

    long amount() {
      return payload.getLong("amount_minor");
    }

    long balanceAfter() {
      return payload.getLong("balance_after_minor");
    }

    /** What the event did to the balance. */
    long delta() {
      return switch (type) {
        case "AccountOpened" -> 0;
        case "MoneyDeposited" -> amount();
        case "MoneyWithdrawn", "TransferSent" -> -amount();
        case "TransferReceived" -> amount();
        case "AccountFrozen", "AccountUnfrozen", "AccountClosed" -> 0;
        default -> throw new AssertionError("unexpected event type " + type);
      };
    }
  }

  /** Row counts of both tables; equal counts before and after a call mean it appended nothing. */
  record Counts(long events, long commands) {
  }

  /** One row of ledger.snapshots. */
  record StoredSnapshot(long version, int schemaVersion, JsonObject state) {
  }

  private final Pool pool;

  private LedgerTables(Pool pool) {
    this.pool = pool;
  }

  static LedgerTables migrated(Vertx vertx, PgConnectOptions database) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database).using(vertx).build();
    await(new SchemaMigrator(pool).migrate());
    return new LedgerTables(pool);
  }

  Counts counts() {
    Row row = await(pool.query(
        "SELECT (SELECT count(*) FROM ledger.events) AS events, (SELECT count(*) FROM ledger.commands) AS commands")
        .execute()).iterator().next();
    return new Counts(row.getLong("events"), row.getLong("commands"));
  }

  /** Every event of one stream, in version order. */
  List<StoredEvent> events(String account) {
    List<StoredEvent> events = new ArrayList<>();
    for (Row row : await(pool.preparedQuery("""
        SELECT global_position, stream_id, stream_version, event_type, payload::text AS payload,
               metadata->>'command_id' AS command_id
        FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version""").execute(Tuple.of(account)))) {
      events.add(new StoredEvent(row.getLong("global_position"), row.getString("stream_id"),
          row.getLong("stream_version"), row.getString("event_type"), new JsonObject(row.getString("payload")),
          row.getString("command_id")));
    }
    return events;
  }

  /** The balance a replay of the stream gives: credits minus debits, summed by PostgreSQL. */
  long foldedBalance(String account) {
    return foldedBalance(account, Long.MAX_VALUE);
  }

  /** The balance after the first {@code version} events of the stream, summed by PostgreSQL. */
  long foldedBalance(String account, long version) {
    return await(pool.preparedQuery("""
        SELECT coalesce(sum(CASE event_type
                              WHEN 'MoneyDeposited' THEN (payload->>'amount_minor')::numeric
                              WHEN 'TransferReceived' THEN (payload->>'amount_minor')::numeric
                              WHEN 'MoneyWithdrawn' THEN -(payload->>'amount_minor')::numeric
                              WHEN 'TransferSent' THEN -(payload->>'amount_minor')::numeric
                              ELSE 0 END), 0)::bigint AS balance
        FROM ledger.events WHERE stream_id = $1 AND stream_version <= $2""")
        .execute(Tuple.of(account, version))).iterator().next().getLong("balance");
  }

  long eventsWrittenBy(String commandId) {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM ledger.events WHERE metadata->>'command_id' = $1")
        .execute(Tuple.of(commandId))).iterator().next().getLong("n");
  }

  /** metadata->>'subject' of each of the account's events, in version order: "(none)" when the key is absent. */
  List<String> subjects(String account) {
    List<String> subjects = new ArrayList<>();
    for (Row row : await(pool.preparedQuery("""
        SELECT CASE WHEN metadata ? 'subject' THEN metadata->>'subject' ELSE '(none)' END AS subject
        FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version""").execute(Tuple.of(account)))) {
      subjects.add(row.getString("subject"));
    }
    return subjects;
  }

  /** The subject recorded with the command, null when none. */
  String commandSubject(String commandId) {
    return await(pool.preparedQuery("SELECT subject FROM ledger.commands WHERE command_id = $1")
        .execute(Tuple.of(commandId))).iterator().next().getString("subject");
  }

  long commandRows(String commandId) {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM ledger.commands WHERE command_id = $1")
        .execute(Tuple.of(commandId))).iterator().next().getLong("n");
  }

  /**
   * Appends {@code count} deposits of 1 straight into ledger.events, after version
   * {@code afterVersion} (whose balance must be {@code balance}), as another writer would:
   * a long history, or a change behind a node's back.
   */
  void appendDepositsBehindTheNodesBack(String account, long afterVersion, long balance, int count) {
    await(pool.preparedQuery("""
        INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
        SELECT $1, $2 + n, 'MoneyDeposited', 1,
               jsonb_build_object('amount_minor', 1, 'currency', 'USD', 'reference', repeat('h', 200),
                                  'balance_after_minor', $3 + n),
               jsonb_build_object('command_id', 'history-' || $1 || '-' || ($2 + n), 'correlation_id', 'history')
        FROM generate_series(1, $4::bigint) AS n""").execute(Tuple.of(account, afterVersion, balance, count)));
  }

  /** Command ids of every ledger.commands row that names the account in its versions. */
  Set<String> commandIdsTouching(String account) {
    Set<String> ids = new HashSet<>();
    for (Row row : await(pool.preparedQuery("SELECT command_id FROM ledger.commands WHERE versions ? $1")
        .execute(Tuple.of(account)))) {
      ids.add(row.getString("command_id"));
    }
    return ids;
  }

  /** Every snapshot of one stream, oldest first. */
  List<StoredSnapshot> snapshots(String account) {
    List<StoredSnapshot> snapshots = new ArrayList<>();
    for (Row row : await(pool.preparedQuery("""
        SELECT stream_version, schema_version, state::text AS state
        FROM ledger.snapshots WHERE stream_id = $1 ORDER BY stream_version""").execute(Tuple.of(account)))) {
      snapshots.add(new StoredSnapshot(row.getLong("stream_version"), row.getInteger("schema_version"),
          new JsonObject(row.getString("state"))));
    }
    return snapshots;
  }

  /** Writes a snapshot row by hand, whatever it holds: one a node must use, or one it must ignore. */
  void plantSnapshot(String account, long version, int schemaVersion, JsonObject state) {
    await(pool.preparedQuery("""
        INSERT INTO ledger.snapshots (stream_id, stream_version, schema_version, state)
        VALUES ($1, $2, $3, $4::text::jsonb)""").execute(Tuple.of(account, version, schemaVersion, state.encode())));
  }

  /**
   * Makes every insert into ledger.events wait {@code millis} before it takes its row, by a
   * trigger in this test's database only: it widens the window between the row locks of one
   * append, so that appends locking rows in conflicting orders really meet in it.
   */
  void holdEachInsertedEvent(int millis) {
    await(pool.query("""
        CREATE FUNCTION ledger.test_hold_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_sleep(%s / 1000.0);
          RETURN NEW;
        END;
        $$;
        CREATE TRIGGER test_hold_insert BEFORE INSERT ON ledger.events
          FOR EACH ROW EXECUTE FUNCTION ledger.test_hold_insert()""".formatted(millis)).execute());
  }

  /** Deadlocks PostgreSQL has detected in this database, as its statistics count them. */
  long deadlocksDetected() {
    return await(pool.query("""
        SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()""").execute())
        .iterator().next().getLong("deadlocks");
  }

  /** Open connections to this database whose application_name is {@code name}. */
  long connectionsOf(String name) {
    return await(pool.preparedQuery("""
        SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1""")
        .execute(Tuple.of(name))).iterator().next().getLong("n");
  }

  @Override
  public void close() {
    await(pool.close());
  }
}
