package ledger.store.pg;

import static ledger.store.pg.StoreFixture.append;
import static ledger.store.pg.StoreFixture.notifyAndHear;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import ledger.store.Append;
import ledger.store.AppendResult;
import ledger.store.StreamConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: a batch refused for a conflict was sent again as one statement per command,
 * all at once, whatever the in-flight limit, and the doorbell was rung when the refusal came
 * back, before any of them committed, so the tail learnt of them only at its next poll.
 * Uncommitted rows of the test's own transactions hold chosen appends at the database, so
 * the steps happen in a known order.
 */
class BatchFallbackIT {

  private static final Currency USD = Currency.of("USD");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String HOLD_ROW = """
      INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
      VALUES ($1, 1, 'AccountOpened', 1, '{}'::jsonb, '{}'::jsonb)""";
  private static final String LOCK_WAITERS = """
      SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""";

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void a_batch_sent_again_one_by_one_stays_within_the_in_flight_limit_and_rings_the_doorbell_for_its_commits() {
    await(new PgEventStore(fixture.pool).append(append("c-taken", "taken", AccountId.of("a-taken"), 1,
        new AccountOpened(USD, 0))));
    List<String> heard = fixture.listenToDoorbell();
    // One statement at a time, the batcher's limit; a second one at once is refused, not queued.
    Pool limited = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(0))
        .connectingTo(fixture.options).using(fixture.vertx).build();
    Pool bell = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(fixture.options)
        .using(fixture.vertx).build();
    AppendBatcher batcher = new AppendBatcher(new PgEventStore(limited), new CommitNotifier(fixture.vertx, bell),
        64, 1, AppendBatcher.Observer.NONE);
    SqlConnection holdsBlocker = holding("blocker");
    SqlConnection holdsFirstMate = holding("m-0");

    Future<AppendResult> blocker = batcher.append(opening("blocker"));
    List<Future<AppendResult>> mates = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mates.add(batcher.append(opening("m-" + i)));
    }
    // Sorts first in the batch's insert, so the batch is refused at once, before it reaches m-0.
    Future<AppendResult> conflicting = batcher.append(append("c-late", "late", AccountId.of("a-taken"), 1,
        new AccountOpened(USD, 0)));
    assertThat(batcher.queued()).as("queued behind the blocker, to go out as one batch").isEqualTo(4);
    rollBack(holdsBlocker);
    await(blocker);
    until("the first command sent again waits for m-0's row", WAIT, BatchFallbackIT::lockWaiters, n -> n >= 1);
    // Whatever the batcher rang so far has been heard once two markers sent after it are.
    notifyAndHear(bell, heard, "marker-1", WAIT);
    notifyAndHear(bell, heard, "marker-2", WAIT);
    rollBack(holdsFirstMate);

    await(Future.join(new ArrayList<>(mates)).otherwiseEmpty(), WAIT);
    await(conflicting.otherwiseEmpty(), WAIT);
    assertThat(mates).allSatisfy(mate -> assertThat(mate.cause()).as("batch-mate").isNull());
    assertThat(conflicting.cause()).isInstanceOf(StreamConflictException.class);
    until("a doorbell rung after the commands sent again committed", WAIT,
        () -> ringsAfter(List.copyOf(heard), "marker-2"), n -> n >= 1);
    await(limited.close());
    await(bell.close());
  }

  /**
   * What was heard after {@code marker}, counted on a copy: a view of the list itself (subList)
   * fails with ConcurrentModificationException when a notification arrives while it is counted.
   */
  private static int ringsAfter(List<String> heard, String marker) {
    return heard.size() - heard.indexOf(marker) - 1;
  }

  private static Append opening(String stream) {
    return append("c-" + stream, stream, AccountId.of(stream), 1, new AccountOpened(USD, 0));
  }

  /** A transaction that has written version 1 of {@code stream} and stays open: an append of it waits. */
  private static SqlConnection holding(String stream) {
    SqlConnection connection = await(fixture.pool.getConnection());
    await(connection.query("BEGIN").execute());
    await(connection.preparedQuery(HOLD_ROW).execute(Tuple.of(stream)));
    return connection;
  }

  private static void rollBack(SqlConnection holding) {
    await(holding.query("ROLLBACK").execute());
    await(holding.close());
  }

  private static long lockWaiters() {
    return await(fixture.pool.query(LOCK_WAITERS).execute()).iterator().next().getLong(0);
  }
}
