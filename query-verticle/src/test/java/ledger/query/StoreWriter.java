package ledger.query;

import static ledger.testkit.Waits.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.google.protobuf.Timestamp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.store.Append;
import ledger.store.Checkpoint;
import ledger.store.EventCodec;
import ledger.store.NewEvent;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import ledger.testkit.Fingerprints;
import ledger.v1.Balance;

/**
 * Writes accounts straight into the event store the query node reads, one append (one
 * transaction) per command as the command side does, and remembers each account's events
 * so tests can state what any version should look like. Each write returns its commit
 * point, as the command side puts it in a consistency token. It checks no rules: a test
 * writes only stories the domain would accept.
 */
final class StoreWriter implements AutoCloseable {

  /** An event's row as plain SQL reads it back from ledger.events. */
  record Stored(long version, long globalPosition, Instant recordedAt) {

    Timestamp recordedAtTimestamp() {
      return timestamp(recordedAt);
    }
  }

  /** The command that wrote an event, as its metadata names it; subject null when anonymous. */
  record Written(String commandId, String correlationId, String subject) {
  }

  private static final String READ_BACK = """
      SELECT stream_version, global_position, recorded_at FROM ledger.events
      WHERE stream_id = $1 ORDER BY stream_version""";
  private static final String PLANT_SNAPSHOT = """
      INSERT INTO ledger.snapshots (stream_id, stream_version, schema_version, state)
      VALUES ($1, $2, $3, $4::text::jsonb)""";
  private static final String INSERT_EVENT = """
      INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
      VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb)
      RETURNING transaction_id::text::bigint AS transaction_id, global_position""";

  private final Pool pool;
  private final PgEventStore store;
  private final SnapshotStore snapshots;
  private final Map<String, List<AccountEvent>> events = new HashMap<>();
  private final Map<String, List<Written>> commands = new HashMap<>();
  private int sequence;
  private String subject;

  StoreWriter(Vertx vertx, PgConnectOptions database) {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(database).using(vertx).build();
    store = new PgEventStore(pool);
    snapshots = new SnapshotStore(pool);
  }

  synchronized Checkpoint open(String account, String currency, long overdraftLimitMinor) {
    return write(Map.of(account, List.of(new AccountOpened(Currency.of(currency), overdraftLimitMinor))));
  }

  synchronized Checkpoint deposit(String account, long amountMinor, String reference) {
    Account state = state(account);
    return write(Map.of(account, List.of(new MoneyDeposited(amountMinor, state.currency(), reference,
        state.balanceMinor() + amountMinor))));
  }

  /** {@code count} deposits of {@code amountMinor} in one command. */
  synchronized Checkpoint deposits(String account, int count, long amountMinor) {
    Account state = state(account);
    List<AccountEvent> deposits = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      deposits.add(new MoneyDeposited(amountMinor, state.currency(), "deposit " + i,
          state.balanceMinor() + i * amountMinor));
    }
    return write(Map.of(account, deposits));
  }

  synchronized Checkpoint withdraw(String account, long amountMinor, String reference) {
    Account state = state(account);
    return write(Map.of(account, List.of(new MoneyWithdrawn(amountMinor, state.currency(), reference,
        state.balanceMinor() - amountMinor))));
  }

  /** Both legs in one append, as a Transfer command writes them. */
  synchronized Checkpoint transfer(String from, String to, long amountMinor, String reference) {
    Account sender = state(from);
    Account receiver = state(to);
    return write(Map.of(
        from, List.of(new TransferSent(amountMinor, sender.currency(), AccountId.of(to), reference,
            sender.balanceMinor() - amountMinor)),
        to, List.of(new TransferReceived(amountMinor, receiver.currency(), AccountId.of(from), reference,
            receiver.balanceMinor() + amountMinor))));
  }

  synchronized Checkpoint freeze(String account, String reason) {
    return write(Map.of(account, List.of(new AccountFrozen(reason))));
  }

  synchronized Checkpoint unfreeze(String account, String reason) {
    return write(Map.of(account, List.of(new AccountUnfrozen(reason))));
  }

  synchronized Checkpoint close(String account) {
    return write(Map.of(account, List.of(new AccountClosed())));
  }

  /**
   * Opens {@code account} in a transaction that takes its id before {@code meanwhile} runs and
   * inserts after it: in commit order its event comes before whatever {@code meanwhile} wrote,
   * at a higher position. Plain SQL, since an append through the store cannot be held open.
   */
  synchronized Checkpoint openAround(String account, String currency, Runnable meanwhile) {
    AccountEvent opened = new AccountOpened(Currency.of(currency), 0);
    EventCodec.Encoded encoded = EventCodec.encode(opened);
    Written written = nextCommand(account);
    SqlConnection older = await(pool.getConnection());
    try {
      await(older.query("BEGIN").execute());
      await(older.query("SELECT pg_current_xact_id()").execute());
      meanwhile.run();
      Row row = await(older.preparedQuery(INSERT_EVENT).execute(Tuple.of(account, 1L, encoded.type(),
          encoded.schemaVersion(), encoded.payload().encode(), metadata(written)))).iterator().next();
      await(older.query("COMMIT").execute());
      remember(Map.of(account, List.of(opened)), written);
      return new Checkpoint(row.getLong("transaction_id"), row.getLong("global_position"));
    } finally {
      await(older.close());
    }
  }

  /** Whatever {@code writes} writes, written as the caller authenticated as {@code caller}. */
  synchronized <T> T by(String caller, Supplier<T> writes) {
    String before = subject;
    subject = caller;
    try {
      return writes.get();
    } finally {
      subject = before;
    }
  }

  /** The account after its first {@code version} events: the fold every read must agree with. */
  synchronized Account stateAt(String account, long version) {
    return AccountDecider.fold(Account.unopened(AccountId.of(account)),
        events.getOrDefault(account, List.of()).subList(0, (int) version));
  }

  /** GetBalanceAt's answer for the version of {@code last}: the fold, stamped with that event's position and time. */
  Balance expectedBalance(String account, Stored last) {
    Account truth = stateAt(account, last.version());
    return Balance.newBuilder()
        .setAccountId(account)
        .setBalanceMinor(truth.balanceMinor())
        .setCurrency(truth.currency().code())
        .setStatus(ledger.v1.AccountStatus.valueOf(truth.status().name()))
        .setOverdraftLimitMinor(truth.overdraftLimitMinor())
        .setVersion(last.version())
        .setGlobalPosition(last.globalPosition())
        .setUpdatedAt(last.recordedAtTimestamp())
        .build();
  }

  synchronized long head(String account) {
    return events.getOrDefault(account, List.of()).size();
  }

  synchronized Written commandOf(String account, long version) {
    return commands.get(account).get((int) version - 1);
  }

  /** Saves the true state at {@code version} as a snapshot, as the command side would. */
  void snapshot(String account, long version) {
    await(snapshots.save(stateAt(account, version)));
  }

  /** Inserts any snapshot row by plain SQL, whatever its schema version or state. */
  void plantSnapshot(String account, long version, int schemaVersion, String stateJson) {
    await(pool.preparedQuery(PLANT_SNAPSHOT).execute(Tuple.of(account, version, schemaVersion, stateJson)));
  }

  /** The account's rows read back from ledger.events, index 0 being version 1. */
  List<Stored> stored(String account) {
    List<Stored> rows = new ArrayList<>();
    for (Row row : await(pool.preparedQuery(READ_BACK).execute(Tuple.of(account)))) {
      rows.add(new Stored(row.getLong("stream_version"), row.getLong("global_position"),
          row.getOffsetDateTime("recorded_at").toInstant()));
    }
    return rows;
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  private Account state(String account) {
    return stateAt(account, head(account));
  }

  private Checkpoint write(Map<String, List<AccountEvent>> byAccount) {
    Written written = nextCommand(byAccount.keySet().iterator().next());
    List<NewEvent> newEvents = new ArrayList<>();
    byAccount.forEach((account, appended) -> {
      long version = head(account);
      for (AccountEvent event : appended) {
        newEvents.add(new NewEvent(AccountId.of(account), ++version, event));
      }
    });
    Checkpoint committed = await(store.append(new Append(CommandId.of(written.commandId()),
        Fingerprints.sha256(written.commandId()), "Test", written.correlationId(), written.subject(), newEvents)))
        .checkpoint();
    remember(byAccount, written);
    return committed;
  }

  private Written nextCommand(String account) {
    String commandId = "c" + (++sequence) + "-" + account;
    return new Written(commandId, "corr-" + commandId, subject);
  }

  private static String metadata(Written written) {
    JsonObject metadata = new JsonObject().put("command_id", written.commandId())
        .put("correlation_id", written.correlationId());
    return (written.subject() == null ? metadata : metadata.put("subject", written.subject())).encode();
  }

  private void remember(Map<String, List<AccountEvent>> byAccount, Written written) {
    byAccount.forEach((account, appended) -> {
      events.computeIfAbsent(account, k -> new ArrayList<>()).addAll(appended);
      appended.forEach(event -> commands.computeIfAbsent(account, k -> new ArrayList<>()).add(written));
    });
  }

  @Override
  public void close() {
    await(pool.close());
  }
}
