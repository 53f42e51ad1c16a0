package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Positions come from a sequence before commit, so transactions can commit in the
 * reverse order of their positions. A reader that advanced past a position not yet
 * visible would lose that event forever; these tests commit out of order on purpose.
 */
class EventTailIT {

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();
  private static EventTail tail;

  @BeforeAll
  static void start() {
    tail = new EventTail(fixture.pool);
  }

  @Test
  void a_lower_position_committing_after_a_higher_one_is_not_skipped() {
    Checkpoint from = lastCheckpoint();
    SqlConnection first = connect();
    SqlConnection second = connect();
    await(first.query("BEGIN").execute());
    insert(first, "slow-writer");                  // takes the lower position, stays open
    await(second.query("BEGIN").execute());
    insert(second, "fast-writer");                 // takes the higher position
    await(second.query("COMMIT").execute());       // and commits first

    List<RecordedEvent> whileFirstIsOpen = await(tail.readAfter(from, 100));
    assertThat(whileFirstIsOpen).as("nothing may be read past an open lower position").isEmpty();

    await(first.query("COMMIT").execute());
    List<RecordedEvent> afterBoth = await(tail.readAfter(from, 100));

    assertThat(afterBoth).extracting(e -> e.streamId().value()).containsExactly("slow-writer", "fast-writer");
    assertThat(afterBoth.get(0).globalPosition()).isLessThan(afterBoth.get(1).globalPosition());
    assertThat(await(tail.readAfter(afterBoth.get(1).checkpoint(), 100))).isEmpty();
    await(first.close());
    await(second.close());
  }

  @Test
  void each_event_comes_with_its_commit_time_not_the_start_of_its_transaction() {
    Checkpoint from = lastCheckpoint();
    SqlConnection writer = connect();
    await(writer.query("BEGIN").execute());
    insert(writer, "committed-late");
    java.time.Instant beforeCommit = java.time.Instant.now();
    pause(200);                                    // the transaction stays open a while after its insert
    await(writer.query("COMMIT").execute());

    EventTail.Batch batch = await(tail.read(from, 100));

    assertThat(batch.commitTimesTracked()).as("the test PostgreSQL tracks commit times").isTrue();
    assertThat(batch.events()).extracting(e -> e.streamId().value()).containsExactly("committed-late");
    RecordedEvent event = batch.events().get(0);
    assertThat(batch.committedAt()[0]).as("commit time").isAfterOrEqualTo(beforeCommit.plusMillis(150))
        .isAfter(event.recordedAt().plusMillis(150));
    await(writer.close());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void an_older_transaction_with_a_higher_position_is_read_in_commit_safe_order() {
    Checkpoint from = lastCheckpoint();
    SqlConnection older = connect();
    SqlConnection younger = connect();
    await(older.query("BEGIN").execute());
    await(older.query("SELECT pg_current_xact_id()").execute());   // the older transaction id
    await(younger.query("BEGIN").execute());
    insert(younger, "young-tx");                                     // lower position
    await(younger.query("COMMIT").execute());

    List<RecordedEvent> partial = await(tail.readAfter(from, 100));
    assertThat(partial).as("the younger commit waits behind the older open transaction").isEmpty();

    insert(older, "old-tx");                                         // higher position
    await(older.query("COMMIT").execute());
    List<RecordedEvent> both = await(tail.readAfter(from, 100));

    assertThat(both).extracting(e -> e.streamId().value()).containsExactly("old-tx", "young-tx");
    assertThat(both.get(0).globalPosition()).isGreaterThan(both.get(1).globalPosition());
    await(older.close());
    await(younger.close());
  }

  @Test
  void rolled_back_events_are_never_read_and_do_not_hold_the_reader() {
    Checkpoint from = lastCheckpoint();
    SqlConnection aborted = connect();
    await(aborted.query("BEGIN").execute());
    insert(aborted, "rolled-back");
    await(aborted.query("ROLLBACK").execute());
    SqlConnection committed = connect();
    insert(committed, "committed");

    assertThat(await(tail.readAfter(from, 100))).extracting(e -> e.streamId().value()).containsExactly("committed");
    await(aborted.close());
    await(committed.close());
  }

  @Test
  void reads_are_bounded_and_resume_from_the_last_checkpoint() {
    Checkpoint from = lastCheckpoint();
    SqlConnection conn = connect();
    for (int i = 0; i < 5; i++) {
      insert(conn, "paged-" + i);
    }
    List<RecordedEvent> page1 = await(tail.readAfter(from, 2));
    List<RecordedEvent> page2 = await(tail.readAfter(page1.get(1).checkpoint(), 2));
    List<RecordedEvent> page3 = await(tail.readAfter(page2.get(1).checkpoint(), 2));

    assertThat(page1).hasSize(2);
    assertThat(page2).hasSize(2);
    assertThat(page3).extracting(e -> e.streamId().value()).containsExactly("paged-4");
    assertThat(await(tail.head())).isEqualTo(page3.get(0).globalPosition());
    await(conn.close());
  }

  @Test
  void a_traced_tail_reads_each_events_traceparent_and_an_untraced_one_reads_no_metadata() {
    Checkpoint from = lastCheckpoint();
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    PgEventStore store = new PgEventStore(fixture.pool);
    await(store.append(StoreFixture.append("c-traced", "traced", AccountId.of("traced"), 1,
        new AccountOpened(Currency.of("USD"), 0)).withTraceparent(traceparent)));
    await(store.append(StoreFixture.append("c-untraced", "untraced", AccountId.of("untraced"), 1,
        new AccountOpened(Currency.of("USD"), 0))));

    List<RecordedEvent> traced = await(tail.traced().readAfter(from, 100));
    List<RecordedEvent> untraced = await(tail.readAfter(from, 100));

    assertThat(traced).extracting(e -> e.metadata().traceparent()).containsExactly(traceparent, null);
    assertThat(traced).extracting(e -> e.metadata().commandId()).as("nothing else of the metadata").containsOnlyNulls();
    assertThat(untraced).extracting(e -> e.metadata().traceparent()).containsOnlyNulls();
    assertThat(await(store.readStream(AccountId.of("traced"), 1, 10)).get(0).metadata())
        .as("the stream's reader sees the whole metadata")
        .extracting(m -> m.commandId(), m -> m.traceparent()).containsExactly("c-traced", traceparent);
  }

  private static Checkpoint lastCheckpoint() {
    Checkpoint checkpoint = Checkpoint.START;
    List<RecordedEvent> page;
    while (!(page = await(tail.readAfter(checkpoint, 1000))).isEmpty()) {
      checkpoint = page.get(page.size() - 1).checkpoint();
    }
    return checkpoint;
  }

  private static SqlConnection connect() {
    return await(PgConnection.connect(fixture.vertx, fixture.options));
  }

  private static void insert(SqlConnection conn, String stream) {
    await(conn.query("INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata) "
        + "VALUES ('" + stream + "', 1, 'AccountOpened', 1, '{\"currency\":\"USD\",\"overdraft_limit_minor\":0}', '{}')")
        .execute());
  }
}
