package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections die (restarts, failovers, idle killers); the projection costs latency, never events. */
class ConnectionLossIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @Test
  void a_lone_writer_that_loses_its_lock_connection_takes_the_lock_again_and_keeps_projecting() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    AccountId id = account("lone-writer");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);
    List<Integer> holders = fixture.faults.projectionLockHolders();

    assertThat(fixture.faults.terminateBackend(holders.get(0))).isTrue();
    fixture.deposit(id, 1);
    eventually(() -> assertThat(writer.observer.leadership).containsExactly(true, false, true));
    fixture.deposit(id, 2);

    eventually(fixture::assertViewsMatchStore);
    assertThat(writer.isActive()).isTrue();
    assertThat(fixture.faults.projectionLockHolders()).hasSize(1).doesNotContain(holders.get(0));
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(3);
  }

  @Test
  void when_postgresql_drops_every_connection_of_the_writer_it_recovers_and_loses_nothing() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(fixture.faults.listenerOf(writer)).isPositive());
    AccountId id = account("all-dropped");
    fixture.open(id, "EUR");
    eventually(fixture::assertViewsMatchStore);

    assertThat(fixture.faults.terminateConnectionsOf(writer)).as("lock, LISTEN and pool connections").isGreaterThanOrEqualTo(3);
    fixture.deposit(id, 10);
    fixture.deposit(id, 20, 30);

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(60);
    eventually(() -> assertThat(writer.isActive()).isTrue());
    AccountId later = account("after-recovery");
    fixture.open(later, "EUR");
    eventually(fixture::assertViewsMatchStore);
  }

  @Test
  void when_redis_drops_the_writer_connections_the_next_batches_still_arrive() {
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    AccountId id = account("redis-dropped");
    fixture.open(id, "USD");
    eventually(fixture::assertViewsMatchStore);

    // every ordinary client of this test JVM's Redis, the projection's pooled connections among them
    await(fixture.redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("normal")));
    fixture.deposit(id, 5);
    fixture.deposit(id, 6);

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(id).balanceMinor()).isEqualTo(11);
  }
}
