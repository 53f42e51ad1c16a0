package ledger.store.pg;

import static ledger.store.pg.StoreFixture.append;
import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An operator can see what holds the tail back: the events waiting, the transaction they wait for, the writer. */
class TailHealthIT {

  private static final Currency USD = Currency.of("USD");

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void an_open_transaction_is_named_and_the_events_committed_after_it_count_as_held() {
    PgEventStore store = new PgEventStore(fixture.pool);
    TailHealth health = new TailHealth(fixture.pool);
    AccountId account = AccountId.of("held-1");
    await(store.append(append("open", "open", account, 1, new AccountOpened(USD, 0))));
    Checkpoint applied = last(await(new EventTail(fixture.pool).readAfter(Checkpoint.START, 100)));

    PgConnection holder = await(PgConnection.connect(fixture.vertx, fixture.options));
    await(holder.query("BEGIN").execute());
    await(holder.query("SELECT pg_current_xact_id()").execute());
    await(store.append(append("deposit", "deposit", account, 2, new MoneyDeposited(5, USD, "", 5))));

    TailHealth.OldestTransaction oldest = await(health.oldestTransaction()).orElseThrow();
    assertThat(oldest.pid()).isEqualTo(holder.processId());
    assertThat(oldest.database()).isEqualTo(fixture.options.getDatabase());
    assertThat(oldest.state()).isEqualTo("idle in transaction");
    assertThat(oldest.since()).isNotNull();
    TailHealth.Backlog waiting = await(health.backlog(applied, 1000));
    assertThat(waiting.events()).isEqualTo(1);
    assertThat(waiting.held()).isEqualTo(1);
    assertThat(waiting.capped()).isFalse();
    assertThat(waiting.oldestRecordedAt()).isNotNull();

    await(holder.query("ROLLBACK").execute());
    assertThat(await(health.oldestTransaction()).map(TailHealth.OldestTransaction::pid))
        .isNotEqualTo(Optional.of(holder.processId()));
    assertThat(await(health.backlog(applied, 1000)).held()).isZero();
    assertThat(await(health.backlog(applied, 1)).capped()).isTrue();
    assertThat(await(health.backlog(Checkpoint.START, 1000)).events()).isGreaterThanOrEqualTo(2);
    holder.close();
  }

  @Test
  void nothing_waits_after_the_last_event() {
    PgEventStore store = new PgEventStore(fixture.pool);
    await(store.append(append("open-2", "open", AccountId.of("held-2"), 1, new AccountOpened(USD, 0))));
    Checkpoint head = last(await(new EventTail(fixture.pool).readAfter(Checkpoint.START, 100)));

    TailHealth.Backlog none = await(new TailHealth(fixture.pool).backlog(head, 1000));

    assertThat(none).isEqualTo(new TailHealth.Backlog(0, false, 0, null));
  }

  @Test
  void the_session_holding_a_writer_lock_is_found_by_its_key() {
    TailHealth health = new TailHealth(fixture.pool);
    long key = AdvisoryLocks.PROJECTION_WRITER;
    assertThat(await(health.lockHolder(key))).isEmpty();

    PgConnection writer = await(PgConnection.connect(fixture.vertx, fixture.options));
    await(writer.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(key)));

    TailHealth.LockHolder holder = await(health.lockHolder(key)).orElseThrow();
    assertThat(holder.pid()).isEqualTo(writer.processId());
    assertThat(holder.since()).isNotNull();
    assertThat(await(health.lockHolder(AdvisoryLocks.MIGRATION))).isEmpty();

    await(writer.close());
    assertThat(await(health.lockHolder(key))).isEmpty();
  }

  private static Checkpoint last(List<RecordedEvent> events) {
    return events.get(events.size() - 1).checkpoint();
  }
}
