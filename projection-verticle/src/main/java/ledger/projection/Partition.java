package ledger.projection;

import java.util.function.LongFunction;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.readmodel.Generations;
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.readmodel.ViewReset;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.TailHealth;

/**
 * One partition's projection, a whole read model of its own (see {@link Partitioning}): its
 * projector on a tail of its accounts only, its generations, its full rebuilds, its head watch
 * and its election on its own writer lock. With one partition, exactly the projection of
 * before partitions. Confined to the verticle's event loop, except the volatile reads.
 */
final class Partition {

  private final int number;
  private final String name;
  private final ViewKeys keys;
  private final long lock;
  private final Projector projector;
  private final Rebuilds rebuilds;
  private final Leadership leadership;

  Partition(Context context, Partitioning partitioning, int number, ProjectionConfig config, Redis redis,
            PgEventStore events, EventTail allAccounts, TailHealth health, ViewScripts scripts,
            PgConnectOptions lockConnection, Doorbells doorbells, ProjectionObserver observer, ApplySpans spans) {
    this.number = number;
    this.name = partitioning.count() == 1 ? "the projection" : "partition " + number + " of " + partitioning.count();
    String where = partitioning.count() == 1 ? "" : name + ": ";
    this.keys = partitioning.keys(number);
    this.lock = partitioning.writerLock(number);
    // With one partition every account is its own: the tail filters nothing and costs nothing.
    EventTail tail = partitioning.count() == 1 ? allAccounts
        : allAccounts.only(account -> partitioning.of(account) == number);
    LongFunction<GenerationViews> generation = at -> new GenerationViews(at,
        new ViewWriter(redis, events, keys.at(at), scripts), new ViewReset(redis, keys.at(at), scripts));
    Generations generations = new Generations(redis, keys, scripts);
    projector = new Projector(tail, generation, generations, new StartingPoint(events, tail, observer, where),
        config.batchSize(), observer, where, spans);
    rebuilds = new Rebuilds(context, projector, tail, generations, generation, config.rebuildBatchSize(),
        this::isActive, where);
    HeadWatch head = new HeadWatch(context.owner(), tail, health,
        () -> ViewReads.live(redis, keys).compose(live -> redis.send(Request.cmd(Command.SCARD).arg(live.degraded())))
            .map(Response::toLong),
        config.headInterval().toMillis(), observer);
    leadership = new Leadership(context.owner(), lockConnection, config, projector, head, observer, lock, doorbells,
        name);
  }

  /** Told when a tail read, or a term's start, of this partition got no answer: the tail's connections are to be replaced. */
  void onSilentRead(Runnable renew) {
    projector.onSilentRead(renew);
    leadership.onSilentStart(renew);
  }

  Future<Void> start() {
    return leadership.start();
  }

  /** From now on its standby tries the lock only when {@code turn} says so. */
  void takeTurns(Leadership.Turn turn) {
    leadership.takeTurns(turn);
  }

  /** Gives the partition to another process (this one writes more than its share). */
  void handOver() {
    leadership.handOver();
  }

  Future<Void> stop() {
    return leadership.stop();
  }

  int number() {
    return number;
  }

  /** "the projection" with one partition, "partition k of n" otherwise: how logs name it. */
  String name() {
    return name;
  }

  /** The partition's live-generation-0 keys: its checkpoint, origin, generations, feed channel. */
  ViewKeys keys() {
    return keys;
  }

  /** The advisory-lock key of its writer. */
  long lock() {
    return lock;
  }

  Rebuilds rebuilds() {
    return rebuilds;
  }

  boolean isActive() {
    return leadership.isActive();
  }

  /** The last checkpoint this instance applied in this partition (START before it first led it). */
  Checkpoint checkpoint() {
    return projector.position();
  }
}
