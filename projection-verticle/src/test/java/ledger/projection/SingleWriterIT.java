package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static ledger.testkit.Waits.throughout;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.store.AppendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two projection instances on one database, each on a Vert.x of its own as two processes
 * would be: one writes, the other stands by on the advisory lock and takes over when the
 * writer dies or leaves.
 */
class SingleWriterIT {

  private static final Duration TAKEOVER = Duration.ofSeconds(3);
  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @Test
  void of_two_instances_on_one_database_exactly_one_is_the_writer() {
    RunningProjection first = fixture.start();
    RunningProjection second = fixture.start();

    eventually(() -> assertThat(activeCount(first, second)).isEqualTo(1));
    // several lock retries of the standby (200 ms each) must not make it a second writer
    throughout(Duration.ofMillis(700), () -> assertThat(activeCount(first, second)).isEqualTo(1));
    assertThat(fixture.faults.projectionLockHolders()).hasSize(1);
    AccountId id = account("one-writer");
    fixture.open(id, "USD");
    fixture.deposit(id, 12);
    eventually(fixture::assertViewsMatchStore);
    RunningProjection standby = first.isActive() ? second : first;
    assertThat(standby.observer.appliedEvents.get()).as("events the standby applied").isZero();
  }

  @Test
  void when_the_writer_loses_its_lock_connection_the_standby_takes_over_and_projects_new_events() {
    ProjectionConfig base = fixture.config();
    // The old writer retries slowly, so the new writer can only be the standby.
    RunningProjection writer = fixture.start(new ProjectionConfig(base.batchSize(), base.pollInterval(),
        Duration.ofSeconds(30), base.keyPrefix()));
    eventually(() -> assertThat(writer.isActive()).isTrue());
    RunningProjection standby = fixture.start();
    List<Integer> holders = fixture.faults.projectionLockHolders();
    assertThat(holders).hasSize(1);
    assertThat(standby.isActive()).isFalse();

    long killedAt = System.nanoTime();
    assertThat(fixture.faults.terminateBackend(holders.get(0))).isTrue();

    eventually(() -> assertThat(standby.isActive()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(TAKEOVER);
    eventually(() -> assertThat(writer.isActive()).as("the old writer knows it lost the lock").isFalse());
    assertThat(writer.observer.leadership).containsExactly(true, false);
    assertThat(fixture.faults.projectionLockHolders()).hasSize(1).doesNotContain(holders.get(0));
    AccountId id = account("after-kill");
    fixture.open(id, "EUR");
    fixture.deposit(id, 33);
    fixture.withdraw(id, 3);
    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(30);
  }

  @Test
  void when_the_writer_is_undeployed_the_standby_takes_over_and_projects_new_events() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    RunningProjection standby = fixture.start();
    AccountId id = account("after-undeploy");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);

    long stoppedAt = System.nanoTime();
    writer.stop();

    eventually(() -> assertThat(standby.isActive()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(TAKEOVER);
    fixture.deposit(id, 5, 6);
    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(11);
    assertThat(standby.observer.appliedEvents.get()).as("only the events after the takeover").isEqualTo(2);
  }

  /**
   * Regression: an instance that lost its lock while still starting up as the writer, then
   * took the lock again, opened the second doorbell twice (one periodic timer and one local
   * consumer leaked) and reported becoming the writer twice after reporting losing it.
   */
  @Test
  void losing_the_lock_while_becoming_the_writer_and_taking_it_again_opens_one_doorbell_once() {
    RunningProjection holder = fixture.start();
    eventually(() -> assertThat(holder.isActive()).isTrue());
    RunningProjection contender = fixture.start();
    // Keep the contender inside "becoming active" (it loads its scripts from Redis there)
    // long enough to take the lock away from it at that moment.
    int holderLock = fixture.faults.projectionLockHolders().get(0);
    await(fixture.redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(1500).arg("ALL")));
    holder.stop();
    eventually(() -> assertThat(fixture.faults.projectionLockHolders()).hasSize(1).doesNotContain(holderLock));
    int contenderLock = fixture.faults.projectionLockHolders().get(0);
    assertThat(contender.isActive()).as("holding the lock, still starting").isFalse();
    assertThat(fixture.faults.terminateBackend(contenderLock)).isTrue();

    eventually(() -> assertThat(contender.isActive()).isTrue());
    eventually(() -> assertThat(fixture.faults.listenersOf(contender)).isEqualTo(1));
    throughout(Duration.ofMillis(600), () -> {
      assertThat(fixture.faults.listenersOf(contender)).as("LISTEN connections of the writer").isEqualTo(1);
      assertThat(fixture.faults.projectionLockHolders()).hasSize(1);
    });
    assertThat(contender.observer.leadership).as("leadership reports").endsWith(true)
        .filteredOn(Boolean::booleanValue).as("times it reported becoming the writer").hasSize(1);
    AccountId id = account("after-lost-race");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);
  }

  private static long activeCount(RunningProjection... projections) {
    return List.of(projections).stream().filter(RunningProjection::isActive).count();
  }

  @Test
  void only_the_writer_reports_the_store_head_and_the_standby_starts_when_it_takes_over() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    RunningProjection standby = fixture.start();
    AppendResult opened = fixture.open(account("head-watch"), "USD");

    eventually(() -> assertThat(writer.observer.heads).contains(opened.globalPosition()));
    // three of the fixture's 100 ms head intervals
    throughout(Duration.ofMillis(300), () -> assertThat(standby.observer.heads).as("standby's reports").isEmpty());
    writer.stop();
    AppendResult deposited = fixture.deposit(account("head-watch"), 1);
    eventually(() -> assertThat(standby.observer.heads).contains(deposited.globalPosition()));
  }
}
