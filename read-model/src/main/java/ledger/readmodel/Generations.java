package ledger.readmodel;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.store.Checkpoint;

/**
 * The view generations of one key prefix: which is live, which a full rebuild is building, the
 * atomic switch from one to the next, and the removal of a generation's keys. Only the
 * projection writer changes them, but for the request of a rebuild ({@link #requestRebuild}), which anyone makes.
 */
public final class Generations {

  /**
   * Asks for a full rebuild: marks generation live+1 unless a rebuild of a later generation than
   * the live one is marked already; returns the generation marked. Atomic, so two requests at once
   * mark one generation, and each partition's writer notices the marker (see Projector).
   */
  private static final String REQUEST_SCRIPT = """
      local live = tonumber(redis.call('GET', KEYS[1]) or '0')
      local marked = tonumber(redis.call('GET', KEYS[2]) or '0')
      if marked > live then
        return marked
      end
      redis.call('SET', KEYS[2], live + 1)
      return live + 1
      """;

  private final Redis redis;
  private final ViewKeys keys;
  private final String switchScript;

  public Generations(Redis redis, ViewKeys keys, ViewScripts scripts) {
    this.redis = redis;
    this.keys = keys.at(0);
    this.switchScript = scripts.switchGeneration();
  }

  /** The live generation and the one being rebuilt (0 when none), in one round trip. */
  public record State(long live, long rebuilding) {

    public boolean rebuildPending() {
      return rebuilding > live;
    }
  }

  public Future<State> state() {
    return redis.send(Request.cmd(Command.MGET).arg(keys.liveGeneration()).arg(keys.rebuilding()))
        .map(values -> new State(number(values.get(0)), number(values.get(1))));
  }

  /** Records that generation {@code number} is being built, so a writer that takes over resumes it. */
  public Future<Void> markRebuilding(long number) {
    return redis.send(Request.cmd(Command.SET).arg(keys.rebuilding()).arg(number)).mapEmpty();
  }

  /**
   * Asks this key prefix's writer, wherever it runs, for a full rebuild (or joins the one marked);
   * completes with the generation it builds.
   */
  public Future<Long> requestRebuild() {
    return redis.send(Request.cmd(Command.EVAL).arg(REQUEST_SCRIPT).arg(2).arg(keys.liveGeneration())
        .arg(keys.rebuilding())).map(Response::toLong);
  }

  /** Drops a marker that names no generation worth building (at or below the live one). */
  public Future<Void> clearRebuilding() {
    return redis.send(Request.cmd(Command.DEL).arg(keys.rebuilding())).mapEmpty();
  }

  /**
   * Makes {@code next} live if {@code from} still is, announcing it with the checkpoint its views
   * cover, and records {@code from} as retired (see {@link #removeRetired(long)}). Completes with
   * false when the live generation had changed (nothing written).
   */
  public Future<Boolean> switchTo(long from, long next, Checkpoint covered) {
    Request call = Request.cmd(Command.EVAL).arg(switchScript).arg(3).arg(keys.liveGeneration())
        .arg(keys.rebuilding()).arg(keys.retired()).arg(from).arg(next).arg(keys.feedChannel())
        .arg(FeedMessage.switched(covered, next).encode());
    return redis.send(call).map(done -> done.toInteger() == 1);
  }

  /**
   * Records {@code number} as the live generation again if Redis lost the record (a flush, a
   * restart with no data) and announces it, so that no writer taking over later goes back to
   * generation 0 while readers follow this one. Completes with true when it had to.
   */
  public Future<Boolean> reassert(long number, Checkpoint covered) {
    return redis.send(Request.cmd(Command.SET).arg(keys.liveGeneration()).arg(number).arg("NX")).compose(set -> {
      if (set == null) {
        return Future.succeededFuture(false);
      }
      return redis.send(Request.cmd(Command.PUBLISH).arg(keys.feedChannel())
          .arg(FeedMessage.switched(covered, number).encode())).map(published -> true);
    });
  }

  /** The live generation's number (0 when Redis holds none). */
  public Future<Long> live() {
    return redis.send(Request.cmd(Command.GET).arg(keys.liveGeneration())).map(Generations::number);
  }

  /**
   * Removes the keys of every generation a switch retired before {@code live}, and then its record;
   * completes with how many keys were removed. A writer runs it at its start: the writer that
   * switched may have died before it removed the old generation.
   */
  public Future<Long> removeEveryRetired(long live) {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.retired())).compose(members -> {
      Future<Long> removed = Future.succeededFuture(0L);
      for (Response member : members == null ? List.<Response>of() : members) {
        long number = Long.parseLong(member.toString());
        // only older ones: a record that names the live one or a later one is not to be trusted
        // (the live generation's key lost, say)
        if (number < live) {
          removed = removed.compose(total -> removeRetired(number).map(more -> total + more));
        }
      }
      return removed;
    });
  }

  /** Removes every key of retired generation {@code number}, then the record that it is still to be removed. */
  public Future<Long> removeRetired(long number) {
    return remove(number).compose(removed -> redis.send(Request.cmd(Command.SREM).arg(keys.retired()).arg(number))
        .map(forgotten -> removed));
  }

  /** Removes every key of generation {@code number}; completes with how many were removed. */
  public Future<Long> remove(long number) {
    ViewKeys old = keys.at(number);
    // one key per UNLINK: on Redis Cluster the three live in different slots
    return KeyWalk.unlinkMatching(redis, old.everyAccount()).compose(views -> redis.batch(List.of(
            Request.cmd(Command.UNLINK).arg(old.checkpoint()), Request.cmd(Command.UNLINK).arg(old.origin()),
            Request.cmd(Command.UNLINK).arg(old.degraded())))
        .map(others -> views + others.stream().mapToLong(Response::toLong).sum()));
  }

  private static long number(Response value) {
    return value == null ? 0 : Long.parseLong(value.toString());
  }
}
