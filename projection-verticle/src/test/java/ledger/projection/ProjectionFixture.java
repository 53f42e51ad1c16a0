package ledger.projection;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountId;
import ledger.domain.BalanceDelta;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Append;
import ledger.store.AppendResult;
import ledger.store.Checkpoint;
import ledger.store.EventCodec;
import ledger.store.NewEvent;
import ledger.store.Origin;
import ledger.store.RecordedEvent;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SchemaMigrator;
import ledger.testkit.ClassFixture;
import ledger.testkit.Fingerprints;
import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's world, as a JUnit extension ({@code @RegisterExtension static}): a
 * migrated database of its own, a Redis key prefix of its own, a writer that appends
 * through {@link PgEventStore} and rings like the command role does, and projections each
 * deployed on a Vert.x of its own (so, as in a separate process, only NOTIFY or the poll
 * timer can wake them, never this Vert.x's event bus). Its fields are set before the
 * class's first {@code @BeforeAll} method runs.
 */
final class ProjectionFixture extends ClassFixture implements AfterEachCallback {

  Vertx vertx;
  PgConnectOptions database;
  Pool pool;
  PgEventStore store;
  Redis redis;
  RedisViews views;
  PgFaults faults;
  private CommitNotifier notifier;
  private final boolean projectionsPerTest;
  private String testClass;
  private final List<RunningProjection> projections = new ArrayList<>();
  private final AtomicInteger commands = new AtomicInteger();
  /** False models writers whose NOTIFY never arrives (sent while nobody listened, or never sent). */
  boolean ringAfterAppend = true;

  private ProjectionFixture(boolean projectionsPerTest) {
    this.projectionsPerTest = projectionsPerTest;
  }

  /** Projections started in {@code @BeforeAll} run for the whole class. */
  static ProjectionFixture projectionsPerClass() {
    return new ProjectionFixture(false);
  }

  /** Every projection a test starts is stopped after that test. */
  static ProjectionFixture projectionsPerTest() {
    return new ProjectionFixture(true);
  }

  @Override
  protected void open(String testClass) {
    vertx = newVertx();
    database = TestInfra.freshDatabase(testClass);
    pool = newPool(vertx, database, 4);
    await(new SchemaMigrator(pool).migrate());
    store = new PgEventStore(pool);
    notifier = new CommitNotifier(vertx, pool);
    redis = Redis.createClient(vertx, TestInfra.redisOptions());
    track(() -> await(redis.close()));
    this.testClass = testClass;
    freshPrefix();
    faults = new PgFaults(vertx, pool, database);
    track(this::stopProjections);
  }

  /** Views under a key prefix no test used yet, for projections started from now on. */
  void freshPrefix() {
    views = new RedisViews(redis, new ViewKeys(TestInfra.freshPrefix(testClass)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (projectionsPerTest) {
      stopProjections();
    }
  }

  /** Fast polling, lock retries and head lookups, small batches: what most tests want. */
  ProjectionConfig config() {
    return new ProjectionConfig(100, Duration.ofMillis(200), Duration.ofMillis(200), views.keys.prefix(), 2,
        Duration.ofMillis(100));
  }

  /** {@link #config()} with batches of at most {@code batchSize} events. */
  ProjectionConfig config(int batchSize) {
    ProjectionConfig base = config();
    return new ProjectionConfig(batchSize, base.pollInterval(), base.lockRetry(), base.keyPrefix());
  }

  RunningProjection start() {
    return start(config());
  }

  /** Each projection's connections carry an application_name of their own, so a test can find them. */
  RunningProjection start(ProjectionConfig config) {
    return start(config, new PgConnectOptions(database));
  }

  /** A projection that reaches PostgreSQL only through {@code relay}, so a test can fail its connections. */
  RunningProjection startThrough(TcpRelay relay, ProjectionConfig config) {
    return start(config, new PgConnectOptions(database).setHost("127.0.0.1").setPort(relay.port()));
  }

  /** A relay to this class's PostgreSQL, closed with the class. */
  TcpRelay relayToDatabase() {
    return track(TcpRelay.to(vertx, database.getHost(), database.getPort()));
  }

  private RunningProjection start(ProjectionConfig config, PgConnectOptions connectTo) {
    String applicationName = "projection-under-test-" + commands.incrementAndGet();
    RunningProjection projection = RunningProjection.deploy(
        connectTo.addProperty("application_name", applicationName), applicationName, config);
    projections.add(projection);
    return projection;
  }

  /** Undeploys every projection this fixture started. */
  void stopProjections() {
    projections.forEach(RunningProjection::stop);
    projections.clear();
  }

  /** The projection's view writer on its own, writing under {@code keys}, as a test drives it by hand. */
  ViewWriter writer(ViewKeys keys) {
    ViewWriter writer = new ViewWriter(redis, store, keys, ViewScripts.load());
    await(writer.loadScripts());
    return writer;
  }

  // ---- writing the store, as the command role does ----

  static AccountId account(String id) {
    return AccountId.of(id);
  }

  AppendResult open(AccountId id, String currency) {
    return open(id, currency, 0);
  }

  AppendResult open(AccountId id, String currency, long overdraftLimitMinor) {
    return append(List.of(new NewEvent(id, 1, new AccountOpened(Currency.of(currency), overdraftLimitMinor))));
  }

  /** One command appending a deposit event per amount, all in one transaction. */
  AppendResult deposit(AccountId id, long... amounts) {
    Account state = state(id);
    List<NewEvent> events = new ArrayList<>();
    long balance = state.balanceMinor();
    for (int i = 0; i < amounts.length; i++) {
      balance += amounts[i];
      events.add(new NewEvent(id, state.version() + 1 + i,
          new MoneyDeposited(amounts[i], state.currency(), "test", balance)));
    }
    return append(events);
  }

  AppendResult withdraw(AccountId id, long amount) {
    Account state = state(id);
    return append(List.of(new NewEvent(id, state.version() + 1,
        new MoneyWithdrawn(amount, state.currency(), "test", state.balanceMinor() - amount))));
  }

  /** Both streams in one transaction, as a transfer writes them. */
  AppendResult transfer(AccountId from, AccountId to, long amount) {
    Account source = state(from);
    Account target = state(to);
    return append(List.of(
        new NewEvent(from, source.version() + 1,
            new MoneyWithdrawn(amount, source.currency(), "transfer", source.balanceMinor() - amount)),
        new NewEvent(to, target.version() + 1,
            new MoneyDeposited(amount, target.currency(), "transfer", target.balanceMinor() + amount))));
  }

  AppendResult freeze(AccountId id) {
    return appendNext(id, new AccountFrozen("test"));
  }

  AppendResult unfreeze(AccountId id) {
    return appendNext(id, new AccountUnfrozen("test"));
  }

  private AppendResult appendNext(AccountId id, AccountEvent event) {
    return append(List.of(new NewEvent(id, state(id).version() + 1, event)));
  }

  private AppendResult append(List<NewEvent> events) {
    String commandId = "cmd-" + commands.incrementAndGet();
    AppendResult result = await(store.append(new Append(CommandId.of(commandId), Fingerprints.sha256(commandId),
        "Test", "corr-" + commandId, null, events)));
    if (ringAfterAppend) {
      notifier.ring();
    }
    return result;
  }

  /**
   * What recreating the database behind a kept Redis looks like from here: the schema is
   * dropped and migrated again, with a new ledger id, no events, and positions from 1 again.
   */
  void recreateDatabase() {
    await(pool.query("DROP SCHEMA ledger CASCADE").execute());
    await(new SchemaMigrator(pool).migrate());
  }

  Origin origin() {
    return await(store.origin());
  }

  /** NOTIFY on the channel the projection LISTENs to, as any writer process would. */
  void notifyCommit() {
    await(pool.query("SELECT pg_notify('" + CommitNotifier.CHANNEL + "', '')").execute());
  }

  // ---- what the store says ----

  List<RecordedEvent> stream(AccountId id) {
    return await(store.readStream(id, 1, Integer.MAX_VALUE));
  }

  Account state(AccountId id) {
    return AccountDecider.fold(Account.unopened(id), stream(id).stream().map(RecordedEvent::event).toList());
  }

  /** The view an account must have: the fold of its whole stream, stamped with its last event. */
  AccountView expectedView(AccountId id) {
    List<RecordedEvent> events = stream(id);
    Account folded = AccountDecider.fold(Account.unopened(id), events.stream().map(RecordedEvent::event).toList());
    RecordedEvent last = events.get(events.size() - 1);
    return new AccountView(id, folded.balanceMinor(), folded.currency().code(), folded.status(),
        folded.overdraftLimitMinor(), folded.version(), last.globalPosition(),
        last.recordedAt().truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * What announcing the account's change at each version must say, by version: the fold of
   * its stream up to that event, stamped with it, and the event's type and delta.
   */
  Map<Long, FeedMessage.Change> trueChanges(AccountId id) {
    Map<Long, FeedMessage.Change> changes = new HashMap<>();
    Account state = Account.unopened(id);
    for (RecordedEvent event : stream(id)) {
      state = AccountDecider.evolve(state, event.event());
      changes.put(event.version(), new FeedMessage.Change(AccountView.after(state, event),
          EventCodec.typeOf(event.event()), BalanceDelta.of(event.event())));
    }
    return changes;
  }

  List<AccountId> accounts() {
    List<AccountId> ids = new ArrayList<>();
    for (Row row : await(pool.query("SELECT DISTINCT stream_id FROM ledger.events ORDER BY stream_id").execute())) {
      ids.add(AccountId.of(row.getString("stream_id")));
    }
    return ids;
  }

  /** The last event in the tail's (commit-safe) order: where a caught-up checkpoint stands. */
  Checkpoint head() {
    Row row = await(pool.query("SELECT transaction_id::text AS tx, global_position FROM ledger.events"
        + " ORDER BY transaction_id DESC, global_position DESC LIMIT 1").execute()).iterator().next();
    return new Checkpoint(Long.parseLong(row.getString("tx")), row.getLong("global_position"));
  }

  /** How many events lie after the checkpoint in the tail's order. */
  long eventsAfter(Checkpoint checkpoint) {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM ledger.events"
            + " WHERE (transaction_id, global_position) > ($1::text::xid8, $2)")
        .execute(Tuple.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition())))
        .iterator().next().getLong("n");
  }

  // ---- assertions ----

  /** Every account's view is the fold of its stream and the checkpoint stands at the store's head. */
  /** The views of partition {@code partition} when this class's prefix is split as {@code partitioning} says. */
  RedisViews partition(Partitioning partitioning, int partition) {
    return new RedisViews(redis, partitioning.keys(partition));
  }

  /** How this class's views are split into {@code count} partitions. */
  Partitioning partitioning(int count) {
    return new Partitioning(views.keys.prefix(), count);
  }

  /**
   * Every account's view is in its own partition, equal to the fold of its stream, and in no
   * other; every partition's checkpoint is past the head, moved over the other partitions' events too.
   */
  void assertPartitionedViewsMatchStore(Partitioning partitioning) {
    for (AccountId id : accounts()) {
      partitioning.partitions().forEach(p -> assertThat(partition(partitioning, p).account(id))
          .as("view of %s in partition %d", id, p).isEqualTo(p == partitioning.of(id) ? expectedView(id) : null));
    }
    String head = head().encode();
    partitioning.partitions().forEach(p -> assertThat(partition(partitioning, p).checkpoint())
        .as("checkpoint of partition %d", p).isEqualTo(head));
  }

  void assertViewsMatchStore() {
    for (AccountId id : accounts()) {
      assertThat(views.account(id)).as("view of %s", id).isEqualTo(expectedView(id));
    }
    assertThat(views.checkpoint()).as("checkpoint").isEqualTo(head().encode());
  }
}
