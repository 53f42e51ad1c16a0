package ledger.projection.admin;

import java.util.Optional;

import ledger.store.Checkpoint;
import ledger.v1.VerifyProjectionUpdate;
import ledger.v1.VerifySummary;

/** What one VerifyProjection call has seen so far. Touched on the call's context only. */
final class AuditTally {

  private final Checkpoint covered;
  private long accounts;
  private long eventsReplayed;
  private long differences;

  AuditTally(Checkpoint covered) {
    this.covered = covered;
  }

  Checkpoint covered() {
    return covered;
  }

  /** Counts one audited account; returns the message to send when its view differs. */
  Optional<VerifyProjectionUpdate> add(AccountAudit.Outcome outcome) {
    accounts++;
    eventsReplayed += outcome.eventsReplayed();
    outcome.difference().ifPresent(found -> differences++);
    return outcome.difference()
        .map(found -> VerifyProjectionUpdate.newBuilder().setDifference(Differences.of(found)).build());
  }

  VerifyProjectionUpdate summary() {
    return VerifyProjectionUpdate.newBuilder().setSummary(VerifySummary.newBuilder()
        .setAccountsChecked(accounts)
        .setEventsReplayed(eventsReplayed)
        .setDifferences(differences)
        .setCheckpoint(covered.encode())).build();
  }
}
