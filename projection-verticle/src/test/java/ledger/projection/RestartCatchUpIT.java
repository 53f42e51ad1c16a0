package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.store.AppendResult;
import ledger.store.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A projection that was down resumes from its checkpoint and ends exactly where the store is. */
class RestartCatchUpIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @Test
  void a_new_instance_catches_up_with_events_appended_while_no_projection_was_running() {
    AccountId early = account("early");
    AccountId late = account("late");
    RunningProjection first = fixture.start();
    fixture.open(early, "USD");
    fixture.deposit(early, 500);
    eventually(fixture::assertViewsMatchStore);
    AccountView beforeDowntime = fixture.views.account(early);
    first.stop();

    fixture.deposit(early, 30, 40);
    fixture.withdraw(early, 100);
    fixture.open(late, "CHF");
    fixture.deposit(late, 9);
    assertThat(fixture.views.account(early)).as("nothing projects while no instance runs").isEqualTo(beforeDowntime);
    assertThat(fixture.views.account(late)).isNull();

    RunningProjection second = fixture.start();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(early).balanceMinor()).isEqualTo(470);
    assertThat(fixture.views.account(early).version()).isEqualTo(5);
    assertThat(fixture.views.account(late).balanceMinor()).isEqualTo(9);
    assertThat(second.observer.appliedEvents.get()).as("events the restarted instance applied").isEqualTo(5);
  }

  @Test
  void events_applied_to_the_views_but_not_checkpointed_before_a_crash_are_not_counted_twice() {
    AccountId crashed = account("crashed");
    RunningProjection first = fixture.start();
    AppendResult opened = fixture.open(crashed, "USD");
    fixture.deposit(crashed, 500);
    fixture.deposit(crashed, 300);
    fixture.withdraw(crashed, 100);
    eventually(fixture::assertViewsMatchStore);
    first.stop();
    // The process died after writing the views of the last three events, before moving the checkpoint.
    fixture.views.setCheckpoint(opened.checkpoint());
    fixture.deposit(crashed, 50);

    RunningProjection second = fixture.start();

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(crashed).balanceMinor()).as("the fold of 0 +500 +300 -100 +50").isEqualTo(750);
    assertThat(fixture.views.account(crashed).version()).isEqualTo(5);
    assertThat(second.observer.appliedEvents.get()).as("three events replayed and one new").isEqualTo(4);
    assertThat(second.observer.resumedFrom).as("a checkpoint read at start is not data loss").isEmpty();
    assertThat(Checkpoint.parse(fixture.views.checkpoint())).isEqualTo(fixture.head());
  }
}
