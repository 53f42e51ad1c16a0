package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.eventually;
import static ledger.testkit.Waits.throughout;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.domain.AccountId;
import ledger.store.AppendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LISTEN connection dies (here: pg_terminate_backend). NOTIFYs sent while it is down
 * are lost, so the re-LISTEN must drain from the checkpoint. The poll timer is set to a
 * minute, far beyond every wait here, and the projection runs on a Vert.x of its own
 * (no local event-bus ring), so only the doorbell's NOTIFY path can make these pass.
 */
class ListenerReconnectIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();
  private RunningProjection projection;

  private RunningProjection startWithoutPolling() {
    ProjectionConfig base = fixture.config();
    RunningProjection started = fixture.start(new ProjectionConfig(base.batchSize(), Duration.ofSeconds(60),
        base.lockRetry(), base.keyPrefix()));
    eventually(() -> assertThat(fixture.faults.listenerOf(started)).isPositive());
    return started;
  }

  @Test
  void events_committed_while_the_listen_connection_is_down_are_drained_when_it_is_back() {
    AccountId before = account("before-kill");
    AccountId during = account("during-gap");
    projection = startWithoutPolling();
    AppendResult opened = fixture.open(before, "USD");
    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(opened.checkpoint().encode()));
    int listener = fixture.faults.listenerOf(projection);

    // Hold the gap open: the LISTEN connection cannot come back until the events are in.
    // No NOTIFY is sent at all, as every NOTIFY of the gap would be lost anyway.
    fixture.faults.refuseNewConnections(true);
    fixture.ringAfterAppend = false;
    try {
      assertThat(fixture.faults.terminateBackend(listener)).isTrue();
      fixture.deposit(before, 10);
      fixture.deposit(before, 20, 30);
      fixture.open(during, "EUR");
      fixture.deposit(during, 5);
      throughout(Duration.ofMillis(300), () -> assertThat(fixture.views.account(during)).as("nothing rang").isNull());
    } finally {
      fixture.ringAfterAppend = true;
      fixture.faults.refuseNewConnections(false);
    }

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(before).balanceMinor()).isEqualTo(60);
    assertThat(fixture.views.account(during).balanceMinor()).isEqualTo(5);
    eventually(() -> assertThat(fixture.faults.listenerOf(projection)).isPositive().isNotEqualTo(listener));
    assertThat(fixture.faults.backendAlive(listener)).isFalse();
    assertThat(projection.isActive()).as("losing LISTEN is not losing the writer lock").isTrue();
  }

  @Test
  void after_the_listen_connection_is_reestablished_a_notify_wakes_the_projection_again() {
    AccountId after = account("after-relisten");
    projection = startWithoutPolling();
    int listener = fixture.faults.listenerOf(projection);
    assertThat(fixture.faults.terminateBackend(listener)).isTrue();
    eventually(() -> assertThat(fixture.faults.listenerOf(projection)).isPositive().isNotEqualTo(listener));

    // The first event may still be caught by the catch-up drain that follows the re-LISTEN;
    // once it is in, that drain is over, and the second can only arrive through a NOTIFY.
    AppendResult opened = fixture.open(after, "USD");
    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(opened.checkpoint().encode()));
    AppendResult deposited = fixture.deposit(after, 77);

    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(deposited.checkpoint().encode()));
    assertThat(fixture.views.account(after)).isEqualTo(fixture.expectedView(after));
  }

  @Test
  void without_a_notify_nothing_wakes_the_projection_before_its_poll_so_the_other_tests_prove_the_notify_path() {
    AccountId silent = account("silent");
    projection = startWithoutPolling();
    AppendResult opened = fixture.open(silent, "USD");
    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(opened.checkpoint().encode()));

    fixture.ringAfterAppend = false;
    AppendResult unrung;
    try {
      unrung = fixture.deposit(silent, 1);
    } finally {
      fixture.ringAfterAppend = true;
    }
    throughout(Duration.ofMillis(500),
        () -> assertThat(fixture.views.account(silent).version()).as("applied without any doorbell").isEqualTo(1));
    fixture.notifyCommit();
    eventually(() -> assertThat(fixture.views.checkpoint()).isEqualTo(unrung.checkpoint().encode()));
  }
}
