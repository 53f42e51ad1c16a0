package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.eventually;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import ledger.domain.AccountId;
import ledger.testkit.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer's lock connection fails while its other connections work: the standby takes
 * over, and never while the old writer still writes. The old writer reaches PostgreSQL
 * through a relay and retries the lock only every 30 s, so the new writer can only be the
 * standby.
 */
class LockLivenessIT {

  private static final String LOCK_STATEMENT = "pg_try_advisory_lock";
  /** DESIGN §6 "within seconds"; issue 8: a silently dropped connection ≤ 15 s, a closed one ≤ 3 s. */
  private static final Duration SILENT_TAKEOVER = Duration.ofSeconds(15);
  private static final Duration CLOSED_TAKEOVER = Duration.ofSeconds(3);
  /** A silent lock try (3 s), a start that gets no answer (Leadership.START_LIMIT_MILLIS), a retry, and room to spare. */
  private static final Duration SILENT_START_TAKEOVER = Duration.ofSeconds(40);

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  /**
   * Regression: the lock's session was watched only through its close handler, so a route
   * that went silent (no FIN, no RST) left the writer writing and PostgreSQL holding the lock
   * for it: the standby never took over.
   */
  @Test
  void when_the_writers_lock_connection_goes_silent_the_writer_stops_and_then_the_standby_takes_over() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection writer = startWriterThrough(relay);
    RunningProjection standby = fixture.start();
    AccountId id = account("silent-lock");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);

    long silentAt = System.nanoTime();
    assertThat(relay.blackholeConnectionsThatSent(LOCK_STATEMENT)).as("lock connections blackholed").isEqualTo(1);
    fixture.deposit(id, 1);
    until("the standby applies events", SILENT_TAKEOVER, depositingEvery100ms(id, standby), applied -> applied > 0);

    assertThat(Duration.ofNanos(System.nanoTime() - silentAt)).isLessThan(SILENT_TAKEOVER);
    assertOneWriterAtATime(writer, standby);
    eventually(fixture::assertViewsMatchStore);
  }

  @Test
  void when_the_writers_lock_connection_is_closed_the_standby_takes_over_within_three_seconds() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection writer = startWriterThrough(relay);
    RunningProjection standby = fixture.start();
    AccountId id = account("closed-lock");
    fixture.open(id, "EUR");
    eventually(fixture::assertViewsMatchStore);

    long cutAt = System.nanoTime();
    assertThat(relay.cutConnectionsThatSent(LOCK_STATEMENT)).as("lock connections cut").isEqualTo(1);
    until("the standby applies events", CLOSED_TAKEOVER, depositingEvery100ms(id, standby), applied -> applied > 0);

    assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).isLessThan(CLOSED_TAKEOVER);
    assertOneWriterAtATime(writer, standby);
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * Regression: a standby's try of the lock on a connection that had gone silent never ended,
   * so the standby never tried again, and never took over when the writer left.
   */
  @Test
  void a_standby_whose_lock_connection_went_silent_still_takes_over_when_the_writer_leaves() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection standby = fixture.startThrough(relay, fixture.config());
    until("the standby's lock connection is blackholed", SILENT_TAKEOVER,
        () -> relay.blackholeConnectionsThatSent(LOCK_STATEMENT), n -> n == 1);
    AccountId id = account("silent-standby");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);

    long leftAt = System.nanoTime();
    writer.stop();
    until("the standby applies events", SILENT_TAKEOVER, depositingEvery100ms(id, standby), applied -> applied > 0);

    assertThat(Duration.ofNanos(System.nanoTime() - leftAt)).isLessThan(SILENT_TAKEOVER);
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * Regression (found by bench FailoverBench): when every connection of the writer went silent
   * (a NAT or conntrack entry dropped: old flows dead, new ones fine), it fenced itself and took
   * its lock back on a fresh session, then waited on its tail pool's silent connections, holding
   * the lock and applying nothing for 30 s and more.
   */
  @Test
  void a_writer_whose_every_connection_went_silent_applies_again_once_it_holds_its_lock_again() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection writer = fixture.startThrough(relay, fixture.config());
    eventually(() -> assertThat(writer.isActive()).isTrue());
    AccountId id = account("all-silent");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);
    long appliedBefore = writer.observer.appliedEvents.get();

    long silentAt = System.nanoTime();
    assertThat(relay.blackhole()).as("connections blackholed").isGreaterThanOrEqualTo(2);
    until("the writer applies events again", SILENT_TAKEOVER, depositingEvery100ms(id, writer),
        applied -> applied > appliedBefore);

    assertThat(Duration.ofNanos(System.nanoTime() - silentAt)).isLessThan(SILENT_TAKEOVER);
    assertThat(writer.observer.leadership).as("the writer's terms: fenced, then writing again")
        .containsExactly(true, false, true);
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * Regression: a tail connection that went silent while its lock session stayed healthy held
   * the tail's read, and the projection with it, until the kernel gave up retransmitting.
   */
  @Test
  void a_writer_whose_tail_connection_went_silent_reads_on_a_fresh_one() {
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection writer = fixture.startThrough(relay, fixture.config());
    eventually(() -> assertThat(writer.isActive()).isTrue());
    AccountId id = account("silent-tail");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);
    long appliedBefore = writer.observer.appliedEvents.get();

    long silentAt = System.nanoTime();
    assertThat(relay.blackholeConnectionsThatSent("pg_snapshot_xmin")).as("tail connections blackholed")
        .isGreaterThanOrEqualTo(1);
    until("the writer applies events again", SILENT_TAKEOVER, depositingEvery100ms(id, writer),
        applied -> applied > appliedBefore);

    assertThat(Duration.ofNanos(System.nanoTime() - silentAt)).isLessThan(SILENT_TAKEOVER);
    assertThat(writer.observer.leadership).as("the writer kept its lock").containsExactly(true);
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * Regression: a standby's idle tail connection went silent (a NAT forgets a flow idle for
   * minutes; a standby's sit idle for hours): when the writer left, the standby took the lock
   * and started on that connection, holding the lock and applying nothing for as long as the
   * kernel retransmits.
   */
  @Test
  void a_standby_whose_idle_tail_connection_went_silent_applies_once_the_writer_leaves() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection standby = fixture.startThrough(relay, fixture.config());
    AccountId id = account("silent-standby-tail");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);
    // the standby's idle tail connection, and its lock session with it: new flows get through
    assertThat(relay.blackhole()).as("connections blackholed").isGreaterThanOrEqualTo(2);

    long leftAt = System.nanoTime();
    writer.stop();
    until("the standby applies events", SILENT_START_TAKEOVER, depositingEvery100ms(id, standby),
        applied -> applied > 0);

    assertThat(Duration.ofNanos(System.nanoTime() - leftAt)).isLessThan(SILENT_START_TAKEOVER);
    eventually(fixture::assertViewsMatchStore);
  }

  /** Events the standby applied, probed while new events keep arriving: a writer would have work all along. */
  private static Supplier<Long> depositingEvery100ms(AccountId id, RunningProjection standby) {
    long[] last = {System.nanoTime()};
    return () -> {
      if (System.nanoTime() - last[0] >= 100_000_000L) {
        fixture.deposit(id, 1);
        last[0] = System.nanoTime();
      }
      return standby.observer.appliedEvents.get();
    };
  }

  private static RunningProjection startWriterThrough(TcpRelay relay) {
    ProjectionConfig base = fixture.config();
    RunningProjection writer = fixture.startThrough(relay, new ProjectionConfig(base.batchSize(),
        base.pollInterval(), Duration.ofSeconds(30), base.keyPrefix(), base.pgPoolSize(), base.headInterval()));
    eventually(() -> assertThat(writer.isActive()).isTrue());
    return writer;
  }

  /** The old writer reported its term over, and applied its last batch, before the standby's term began. */
  private static void assertOneWriterAtATime(RunningProjection old, RunningProjection standby) {
    assertThat(old.observer.leadership).as("the old writer's terms").containsExactly(true, false);
    assertThat(standby.observer.leadership).as("the standby's terms").containsExactly(true);
    long oldEnded = old.observer.leadershipAt.get(1);
    long newBegan = standby.observer.leadershipAt.get(0);
    assertThat(oldEnded).as("the old term ended before the new one began").isLessThan(newBegan);
    List<Long> oldBatches = old.observer.appliedAt;
    assertThat(oldBatches).as("the old writer applied batches").isNotEmpty();
    assertThat(oldBatches.get(oldBatches.size() - 1)).as("the old writer's last batch came before the new term")
        .isLessThan(newBegan);
  }
}
