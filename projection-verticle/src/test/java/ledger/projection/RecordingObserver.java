package ledger.projection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import ledger.store.Checkpoint;
import ledger.store.UnreadableEvent;

/** Remembers what the projection reported, for tests to assert on from another thread. */
final class RecordingObserver implements ProjectionObserver {

  final AtomicLong appliedEvents = new AtomicLong();
  final List<Checkpoint> resumedFrom = new CopyOnWriteArrayList<>();
  final List<String> forgotOrigins = new CopyOnWriteArrayList<>();
  final List<Boolean> leadership = new CopyOnWriteArrayList<>();
  final List<Long> heads = new CopyOnWriteArrayList<>();
  /** System.nanoTime() of each leadership report and each applied batch, to order two instances' terms. */
  final List<Long> leadershipAt = new CopyOnWriteArrayList<>();
  final List<Long> appliedAt = new CopyOnWriteArrayList<>();
  final List<UnreadableEvent> unreadable = new CopyOnWriteArrayList<>();

  @Override
  public void applied(Checkpoint checkpoint, int events, long[] lagMicros) {
    appliedAt.add(System.nanoTime());
    appliedEvents.addAndGet(events);
  }

  @Override
  public void resumedAfterDataLoss(Checkpoint from) {
    resumedFrom.add(from);
  }

  @Override
  public void unreadable(UnreadableEvent event) {
    unreadable.add(event);
  }

  @Override
  public void forgotForeignViews(String foundOrigin, long views) {
    forgotOrigins.add(foundOrigin);
  }

  @Override
  public void leadership(boolean active) {
    leadershipAt.add(System.nanoTime());
    leadership.add(active);
  }

  @Override
  public void head(long globalPosition) {
    heads.add(globalPosition);
  }
}
