package ledger.projection;

import java.time.Duration;

import ledger.store.Checkpoint;
import ledger.store.UnreadableEvent;

/** Told what the projection does, for metrics and status. Called on the projection's event loop. */
public interface ProjectionObserver {

  ProjectionObserver NONE = new ProjectionObserver() { };

  /** A batch was applied; {@code lagMicros} holds commit-to-view lag per event (recorded time to now). */
  default void applied(Checkpoint checkpoint, int events, long[] lagMicros) {
  }

  /** Redis did not hold the checkpoint this writer stored last; the projection resumes from {@code from}. */
  default void resumedAfterDataLoss(Checkpoint from) {
  }

  /** A row of the store this code cannot read; its account's view is degraded. Once per read of it. */
  default void unreadable(UnreadableEvent event) {
  }

  /**
   * The views held a checkpoint of another database ({@code foundOrigin}, "" for none: a
   * checkpoint beyond this database's transactions): {@code views} views were deleted, and
   * the projection rebuilds them from the start of the store.
   */
  default void forgotForeignViews(String foundOrigin, long views) {
  }

  default void leadership(boolean active) {
  }

  /** The newest position written to the event store (committed or not), looked up about once a second. */
  default void head(long globalPosition) {
  }

  /**
   * How long the oldest transaction in the cluster has been open (zero when none, or when this
   * instance stops writing): every event committed after it began waits for it. About once a second.
   */
  default void oldestTransaction(Duration age) {
  }

  /** How many accounts' views are degraded (held at an unreadable event). About once a second. */
  default void degradedAccounts(long count) {
  }
}
