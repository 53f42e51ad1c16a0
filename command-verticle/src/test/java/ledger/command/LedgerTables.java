package ledger.command;

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
        case "MoneyWithdrawn" -> -amount();
        default -> throw new AssertionError("unexpected event type " + type);
      };
    }
  }

  /** Row counts of both tables; equal counts before and after a call mean it appended nothing. */
  record Counts(long events, long commands) {
  }

  private final Pool pool;

  private LedgerTables(Pool pool) {
    this.pool = pool;
  }

  static LedgerTables migrated(Vertx vertx, PgConnectOptions database) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database).using(vertx).build();
    Blocking.await(new SchemaMigrator(pool).migrate());
    return new LedgerTables(pool);
  }

  Counts counts() {
    Row row = Blocking.await(pool.query(
        "SELECT (SELECT count(*) FROM ledger.events) AS events, (SELECT count(*) FROM ledger.commands) AS commands")
        .execute()).iterator().next();
    return new Counts(row.getLong("events"), row.getLong("commands"));
  }

  /** Every event of one stream, in version order. */
  List<StoredEvent> events(String account) {
    List<StoredEvent> events = new ArrayList<>();
    for (Row row : Blocking.await(pool.preparedQuery("""
        SELECT global_position, stream_id, stream_version, event_type, payload::text AS payload,
               metadata->>'command_id' AS command_id
        FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version""").execute(Tuple.of(account)))) {
      events.add(new StoredEvent(row.getLong("global_position"), row.getString("stream_id"),
          row.getLong("stream_version"), row.getString("event_type"), new JsonObject(row.getString("payload")),
          row.getString("command_id")));
    }
    return events;
  }

  /** The balance a replay of the stream gives: deposits minus withdrawals, summed by PostgreSQL. */
  long foldedBalance(String account) {
    return Blocking.await(pool.preparedQuery("""
        SELECT coalesce(sum(CASE event_type
                              WHEN 'MoneyDeposited' THEN (payload->>'amount_minor')::numeric
                              WHEN 'MoneyWithdrawn' THEN -(payload->>'amount_minor')::numeric
                              ELSE 0 END), 0)::bigint AS balance
        FROM ledger.events WHERE stream_id = $1""").execute(Tuple.of(account))).iterator().next().getLong("balance");
  }

  long eventsWrittenBy(String commandId) {
    return Blocking.await(pool.preparedQuery("SELECT count(*) AS n FROM ledger.events WHERE metadata->>'command_id' = $1")
        .execute(Tuple.of(commandId))).iterator().next().getLong("n");
  }

  long commandRows(String commandId) {
    return Blocking.await(pool.preparedQuery("SELECT count(*) AS n FROM ledger.commands WHERE command_id = $1")
        .execute(Tuple.of(commandId))).iterator().next().getLong("n");
  }

  /**
   * Appends {@code count} deposits of 1 straight into ledger.events, after version
   * {@code afterVersion} (whose balance must be {@code balance}), as another writer would:
   * a long history, or a change behind a node's back.
   */
  void appendDepositsBehindTheNodesBack(String account, long afterVersion, long balance, int count) {
    Blocking.await(pool.preparedQuery("""
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
    for (Row row : Blocking.await(pool.preparedQuery("SELECT command_id FROM ledger.commands WHERE versions ? $1")
        .execute(Tuple.of(account)))) {
      ids.add(row.getString("command_id"));
    }
    return ids;
  }

  @Override
  public void close() {
    Blocking.await(pool.close());
  }
}
