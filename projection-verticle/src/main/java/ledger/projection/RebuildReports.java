package ledger.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import ledger.store.Checkpoint;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProgress.Phase;

/**
 * A full rebuild's progress reports and who follows them: each phase once, and while replaying
 * at most one report every quarter of a second. On the writer's event loop.
 */
final class RebuildReports {

  private static final long EVERY_NANOS = 250_000_000L;

  private final long generation;
  /** Whether it goes on from what an earlier run built (known once the run read the new generation). */
  private boolean resumed;
  private final long startedAt = System.nanoTime();
  private final List<Consumer<RebuildProgress>> listeners = new ArrayList<>();
  private long reportedAt;
  private long totalEstimate;
  /** Volatile: the admin service reads it from its own loop. */
  private volatile RebuildProgress last;

  RebuildReports(long generation, boolean resumed) {
    this.generation = generation;
    this.resumed = resumed;
    this.last = progress(Phase.REPLAYING, 0, Checkpoint.START).build();
  }

  /** Adds a follower; it hears the last report at once. */
  void follow(Consumer<RebuildProgress> listener) {
    listeners.add(listener);
    listener.accept(last);
  }

  /** The rebuild ended (DONE is told first): its followers are let go, the calls they serve have ended. */
  void endFollowing() {
    listeners.clear();
  }

  RebuildProgress last() {
    return last;
  }

  int followers() {
    return listeners.size();
  }

  /** It goes on from what an earlier run built ({@code true}), or starts from the store's start. */
  void resumed(boolean resumed) {
    this.resumed = resumed;
  }

  /** About how many events the store held when the rebuild began (its head position). */
  void estimate(long total) {
    totalEstimate = total;
  }

  /** Reports {@code phase}; while replaying ({@code always} false), only now and then. */
  void report(Phase phase, long events, Checkpoint at, boolean always) {
    long now = System.nanoTime();
    if (!always && now - reportedAt < EVERY_NANOS) {
      return;
    }
    reportedAt = now;
    tell(progress(phase, events, at).build());
  }

  /** The last report, DONE. */
  RebuildProgress done(long events, Checkpoint at, long oldKeysRemoved) {
    RebuildProgress end = progress(Phase.DONE, events, at).setOldKeysRemoved(oldKeysRemoved).build();
    tell(end);
    return end;
  }

  private void tell(RebuildProgress progress) {
    last = progress;
    listeners.forEach(listener -> listener.accept(progress));
  }

  private RebuildProgress.Builder progress(Phase phase, long events, Checkpoint at) {
    long elapsedNanos = Math.max(1, System.nanoTime() - startedAt);
    return RebuildProgress.newBuilder().setPhase(phase).setGeneration(generation).setEventsReplayed(events)
        .setEventsTotalEstimate(Math.max(totalEstimate, at.globalPosition()))
        .setEventsPerSecond(events * 1e9 / elapsedNanos).setCheckpoint(at.encode())
        .setElapsedMs(elapsedNanos / 1_000_000).setResumed(resumed);
  }
}
