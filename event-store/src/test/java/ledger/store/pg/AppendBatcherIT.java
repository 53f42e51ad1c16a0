package ledger.store.pg;

import static ledger.store.pg.StoreFixture.append;
import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import ledger.store.AppendResult;
import ledger.store.DuplicateCommandException;
import ledger.store.RecordedEvent;
import ledger.store.StreamConflictException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group commit: many commands per statement, each with its own answer, and no command failing for another. */
class AppendBatcherIT {

  private static final Currency USD = Currency.of("USD");
  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();
  private static PgEventStore store;

  @BeforeAll
  static void start() {
    store = new PgEventStore(fixture.pool);
  }

  @Test
  void commands_queued_behind_a_busy_statement_go_out_together_and_each_gets_its_own_position() {
    Busy busy = Busy.start();
    List<Integer> batches = new CopyOnWriteArrayList<>();
    AppendBatcher batcher = new AppendBatcher(busy.store, null, 64, 1, (commands, wait) -> batches.add(commands));
    List<Future<AppendResult>> results = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      AccountId acc = AccountId.of("together-" + i);
      results.add(batcher.append(append("c-together-" + i, "open " + i, acc, 1, new AccountOpened(USD, 0),
          new MoneyDeposited(i + 1, USD, "", i + 1))));
    }
    await(Future.all(results));
    busy.close();

    assertThat(batches).as("the first alone, the other ten in one statement").containsExactly(1, 10);
    for (int i = 0; i < 11; i++) {
      List<RecordedEvent> events = await(store.readStream(AccountId.of("together-" + i), 1, 10));
      assertThat(results.get(i).result().globalPosition()).as("command %d", i)
          .isEqualTo(events.get(1).globalPosition());
    }
    assertThat(results.subList(1, 11)).extracting(f -> f.result().transactionId()).as("one transaction").containsOnly(
        results.get(1).result().transactionId());
  }

  @Test
  void a_conflict_in_one_command_fails_that_command_only() {
    AccountId taken = AccountId.of("already-there");
    await(store.append(append("c-first", "first", taken, 1, new AccountOpened(USD, 0))));
    Busy busy = Busy.start();
    List<Integer> batches = new CopyOnWriteArrayList<>();
    AppendBatcher batcher = new AppendBatcher(busy.store, null, 64, 1, (commands, wait) -> batches.add(commands));
    Future<AppendResult> blocker = batcher.append(append("c-blocker", "b", AccountId.of("blocker"), 1,
        new AccountOpened(USD, 0)));
    List<Future<AppendResult>> mates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mates.add(batcher.append(append("c-mate-" + i, "m" + i, AccountId.of("mate-" + i), 1, new AccountOpened(USD, 0))));
    }
    Future<AppendResult> conflicting = batcher.append(append("c-late", "late", taken, 1, new AccountOpened(USD, 0)));
    Future<AppendResult> duplicate = batcher.append(append("c-first", "first again", AccountId.of("dup-target"), 1,
        new AccountOpened(USD, 0)));
    await(Future.join(List.of(blocker, Future.join(new ArrayList<>(mates)), conflicting, duplicate)).otherwiseEmpty());
    busy.close();

    assertThat(blocker.succeeded()).isTrue();
    assertThat(mates).allSatisfy(mate -> assertThat(mate.succeeded()).as("batch-mate").isTrue());
    assertThat(conflicting.cause()).isInstanceOf(StreamConflictException.class);
    assertThat(duplicate.cause()).isInstanceOf(DuplicateCommandException.class);
    assertThat(batches).as("the refused batch of seven was sent again one by one").startsWith(1, 7);
    for (int i = 0; i < 5; i++) {
      assertThat(await(store.readStream(AccountId.of("mate-" + i), 1, 10))).hasSize(1);
    }
    assertThat(await(store.readStream(taken, 1, 10))).hasSize(1);
    assertThat(await(store.readStream(AccountId.of("dup-target"), 1, 10))).isEmpty();
  }

  @Test
  void an_idle_batcher_sends_at_once() {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    AppendBatcher batcher = new AppendBatcher(store, null, 64, 2, (commands, wait) -> batches.add(commands));

    for (int i = 0; i < 3; i++) {
      await(batcher.append(append("c-idle-" + i, "idle", AccountId.of("idle-" + i), 1, new AccountOpened(USD, 0))));
    }

    assertThat(batches).containsExactly(1, 1, 1);
    assertThat(batcher.queued()).isZero();
  }

  @Test
  void with_a_linger_commands_arriving_at_a_steady_rate_share_statements_that_waited_for_them() {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    List<Long> waits = new CopyOnWriteArrayList<>();
    long lingerMicros = 2_000_000;
    AppendBatcher batcher = new AppendBatcher(store, null, 4, 2, lingerMicros, (commands, wait) -> {
      batches.add(commands);
      waits.add(wait);
    });
    List<Future<AppendResult>> results = new CopyOnWriteArrayList<>();
    // sixteen commands 20 ms apart: far more than one per linger once the rate is known
    Promise<Void> sent = Promise.promise();
    fixture.vertx.runOnContext(start -> send(batcher, results, "steady", 0, 16, sent));
    await(sent.future());
    await(Future.all(new ArrayList<>(results)), Duration.ofSeconds(30));

    assertThat(batches.get(0)).as("the first, with no rate known yet, alone").isEqualTo(1);
    assertThat(waits.get(0)).as("and at once").isLessThan(lingerMicros * 1_000);
    assertThat(batches).as("full statements, every command once").contains(4)
        .allSatisfy(commands -> assertThat(commands).isBetween(1, 4))
        .satisfies(b -> assertThat(b.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16));
    assertThat(batches.size()).as("statements, once the rate is known").isLessThanOrEqualTo(9);
    if (batches.get(batches.size() - 1) < 4) {
      assertThat(waits.get(waits.size() - 1)).as("the last, not full and with no more to come, waited the linger out")
          .isGreaterThanOrEqualTo(lingerMicros * 1_000);
    }
  }

  @Test
  void with_a_linger_commands_slower_than_one_per_linger_go_at_once() {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    List<Long> waits = new CopyOnWriteArrayList<>();
    long lingerMicros = 10_000;
    AppendBatcher batcher = new AppendBatcher(store, null, 64, 2, lingerMicros, (commands, wait) -> {
      batches.add(commands);
      waits.add(wait);
    });

    for (int i = 0; i < 4; i++) {
      AccountId acc = AccountId.of("slow-" + i);
      String commandId = "c-slow-" + i;
      Promise<AppendResult> done = Promise.promise();
      // on an event loop, so that a linger could be waited out there; each after a pause of three lingers
      fixture.vertx.setTimer(30, t -> batcher.append(append(commandId, "slow", acc, 1, new AccountOpened(USD, 0)))
          .onComplete(done));
      await(done.future());
    }

    assertThat(batches).containsExactly(1, 1, 1, 1);
    assertThat(waits).as("none waited for companions").allSatisfy(wait -> assertThat(wait).isLessThan(
        lingerMicros * 1_000));
  }

  @Test
  void with_a_linger_a_full_batch_goes_at_once() {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    // a linger far longer than the wait below: only a batch that goes without it can be awaited
    AppendBatcher batcher = new AppendBatcher(store, null, 3, 2, 60_000_000, (commands, wait) -> batches.add(commands));

    // a burst: the first two take the free statements; the rest, arriving at once, fill two batches
    await(Future.all(burst(batcher, "full", 8)), Duration.ofSeconds(30));

    assertThat(batches).containsExactly(1, 1, 3, 3);
  }

  @Test
  void with_a_linger_the_first_command_after_a_pause_goes_at_once_even_after_a_busy_spell() {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    List<Long> waits = new CopyOnWriteArrayList<>();
    long lingerMicros = 50_000;
    AppendBatcher batcher = new AppendBatcher(store, null, 4, 2, lingerMicros, (commands, wait) -> {
      batches.add(commands);
      waits.add(wait);
    });
    await(Future.all(burst(batcher, "spell", 8)), Duration.ofSeconds(30));

    // a pause of three lingers, then one command: the burst's rate is gone
    Promise<AppendResult> after = Promise.promise();
    fixture.vertx.setTimer(150, t -> batcher.append(append("c-after-pause", "after", AccountId.of("after-pause"), 1,
        new AccountOpened(USD, 0))).onComplete(after));
    await(after.future(), Duration.ofSeconds(30));

    assertThat(batches.get(batches.size() - 1)).isEqualTo(1);
    assertThat(waits.get(waits.size() - 1)).as("it did not wait for companions").isLessThan(lingerMicros * 1_000);
  }

  @Test
  void with_a_linger_an_append_from_outside_any_event_loop_goes_at_once() {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    AppendBatcher batcher = new AppendBatcher(store, null, 3, 2, 60_000_000, (commands, wait) -> batches.add(commands));
    // a burst on an event loop, so that the next command is expected to have companions
    await(Future.all(burst(batcher, "before-outside", 8)), Duration.ofSeconds(30));

    // nothing to wait on outside an event loop: the command goes, companions expected or not
    await(batcher.append(append("c-outside", "outside", AccountId.of("outside"), 1, new AccountOpened(USD, 0))),
        Duration.ofSeconds(30));

    assertThat(batches).containsExactly(1, 1, 3, 3, 1);
    assertThat(batcher.queued()).isZero();
  }

  /** {@code n} commands appended at once, in one task on an event loop (their answers come on it too). */
  private static List<Future<AppendResult>> burst(AppendBatcher batcher, String name, int n) {
    List<Future<AppendResult>> results = new CopyOnWriteArrayList<>();
    Promise<Void> sent = Promise.promise();
    fixture.vertx.runOnContext(start -> {
      for (int i = 0; i < n; i++) {
        results.add(batcher.append(append("c-" + name + "-" + i, name, AccountId.of(name + "-" + i), 1,
            new AccountOpened(USD, 0))));
      }
      sent.complete();
    });
    await(sent.future());
    return new ArrayList<>(results);
  }

  /** Appends command {@code i}, and the following ones up to {@code n} 20 ms apart, on the caller's context. */
  private static void send(AppendBatcher batcher, List<Future<AppendResult>> results, String name, int i, int n,
                           Promise<Void> sent) {
    results.add(batcher.append(append("c-" + name + "-" + i, name, AccountId.of(name + "-" + i), 1,
        new AccountOpened(USD, 0))));
    if (i + 1 == n) {
      sent.complete();
      return;
    }
    fixture.vertx.setTimer(20, next -> send(batcher, results, name, i + 1, n, sent));
  }

  /** A store whose only connection is busy for a moment, so that appends queue up behind it. */
  private record Busy(Pool pool, PgEventStore store) {

    static Busy start() {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(fixture.options)
          .using(fixture.vertx).build();
      pool.query("SELECT pg_sleep(0.3)").execute();
      return new Busy(pool, new PgEventStore(pool));
    }

    void close() {
      await(pool.close());
    }
  }
}
