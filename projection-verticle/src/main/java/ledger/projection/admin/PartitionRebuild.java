package ledger.projection.admin;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import ledger.readmodel.Generations;
import ledger.readmodel.ViewReads;
import ledger.readmodel.ViewKeys;
import ledger.store.Checkpoint;
import ledger.store.pg.TailHealth;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProgress.Phase;

/**
 * One partition's full rebuild as a call follows it: from Redis (its generations, the rebuilding
 * generation's checkpoint) and PostgreSQL (the head, the holder of its writer lock), whichever
 * process writes it; with this process's own reports when it is the writer. On the call's loop.
 */
final class PartitionRebuild {

  /** A partition switched, but its writer here has not reported DONE yet: wait this many looks at most. */
  private static final int DONE_PATIENCE = 20;

  private final int partition;
  private final Generations generations;
  private final Redis redis;
  private final ViewKeys keys;
  private final FullRebuilds here;
  private final TailHealth health;
  private final long writerLock;
  /** Tells the call each report of this process's own rebuild of the partition, as it makes them. */
  private final Consumer<RebuildProgress> listener;
  private long target;
  /** This process's writer runs the rebuild and the listener hears its reports: looks report nothing more. */
  private boolean heardHere;
  private long firstPosition = -1;
  private int switchedLooks;
  private long writerMissingSince;
  private RebuildProgress last;

  /** What one look found: a report to tell, whether the partition switched, whether it has no writer. */
  record Look(RebuildProgress progress, boolean done, boolean noWriter) {
  }

  PartitionRebuild(int partition, Generations generations, Redis redis, ViewKeys keys, FullRebuilds here,
                   TailHealth health, long writerLock, Consumer<RebuildProgress> listener) {
    this.partition = partition;
    this.generations = generations;
    this.redis = redis;
    this.keys = keys;
    this.here = here;
    this.health = health;
    this.writerLock = writerLock;
    this.listener = listener;
  }

  int partition() {
    return partition;
  }

  /** Marks the rebuild in Redis (or joins the one marked) and tells this process's writer, if it is the writer. */
  Future<Long> ask() {
    return generations.requestRebuild().compose(generation -> {
      target = generation;
      here.ask(generation);
      return heardHere ? Future.succeededFuture(generation)
          : here.follow(generation, listener).map(followed -> {
            heardHere = followed;
            return generation;
          });
    });
  }

  /** How long (ns, by System.nanoTime) it has had no writer, 0 while it has one. */
  long writerMissingSince() {
    return writerMissingSince;
  }

  /** One look at where the rebuild stands; {@code head} is the store's head position. */
  Future<Look> look(long head, long startedNanos) {
    Future<Generations.State> state = generations.state();
    Future<Checkpoint> building = ViewReads.checkpoint(redis, keys.at(target));
    Future<Optional<TailHealth.LockHolder>> writer = health.lockHolder(writerLock);
    return Future.all(List.of(state, building, writer)).compose(all -> {
      boolean noWriter = writer.result().isEmpty();
      if (!noWriter) {
        writerMissingSince = 0;
      } else if (writerMissingSince == 0) {
        writerMissingSince = System.nanoTime();
      }
      Generations.State now = state.result();
      if (now.live() < target && !now.rebuildPending()) {
        // the marker is gone while the generation is not live (Redis lost it): ask again
        return ask().map(again -> new Look(last, false, noWriter));
      }
      Optional<RebuildProgress> mine = here.progressOf(target);
      if (now.live() >= target) {
        boolean waitForDone = mine.isPresent() && mine.get().getPhase() != Phase.DONE
            && switchedLooks++ < DONE_PATIENCE;
        if (waitForDone) {
          return Future.succeededFuture(new Look(null, false, noWriter));
        }
        RebuildProgress done = mine.filter(p -> p.getPhase() == Phase.DONE)
            .orElseGet(() -> followed(Phase.DONE, building.result(), head, startedNanos));
        return Future.succeededFuture(new Look(done, true, noWriter));
      }
      if (mine.isPresent() && (heardHere || mine.get().getPhase() == Phase.DONE)) {
        // The listener tells this process's own reports; or it switched after Redis was read: the
        // next look sees the switch and tells DONE, once.
        return Future.succeededFuture(new Look(null, false, noWriter));
      }
      RebuildProgress progress = mine.orElseGet(() -> followed(Phase.REPLAYING, building.result(), head,
          startedNanos));
      return Future.succeededFuture(new Look(progress, false, noWriter));
    }).map(look -> {
      if (look.progress() != null) {
        last = look.progress();
      }
      return look;
    });
  }

  /**
   * A report made from what Redis and the store show: positions stand for events (the new
   * generation's checkpoint against the head), as in the writer's own estimate.
   */
  private RebuildProgress followed(Phase phase, Checkpoint at, long head, long startedNanos) {
    long position = at.globalPosition();
    if (firstPosition < 0) {
      firstPosition = position;
    }
    long elapsedNanos = Math.max(1, System.nanoTime() - startedNanos);
    return RebuildProgress.newBuilder().setPhase(phase).setGeneration(target).setEventsReplayed(position)
        .setEventsTotalEstimate(Math.max(head, position))
        .setEventsPerSecond((position - firstPosition) * 1e9 / elapsedNanos).setCheckpoint(at.encode())
        .setElapsedMs(elapsedNanos / 1_000_000).setResumed(firstPosition > 0).setFollowedFromStore(true).build();
  }
}
