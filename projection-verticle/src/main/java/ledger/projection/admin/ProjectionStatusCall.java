package ledger.projection.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.grpc.CallContext;
import ledger.grpc.ProtoTime;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.store.Checkpoint;
import ledger.store.pg.AdvisoryLocks;
import ledger.store.pg.EventTail;
import ledger.store.pg.TailHealth;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OldestTransaction;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;
import ledger.v1.ProjectionWriter;

/**
 * GetProjectionStatus: the checkpoint from Redis, then what PostgreSQL holds after it, the
 * writer lock's holder and the oldest transaction, all read now, so any projection process
 * (active or standby) tells the same story.
 */
final class ProjectionStatusCall {

  /** Counting a backlog costs an index scan of it; past this many events the exact number stops mattering. */
  static final int LAG_EVENTS_CAP = 100_000;
  /** Degraded accounts named in one answer; all are counted. */
  static final int DEGRADED_NAMED = 100;

  private final Redis redis;
  private final ViewKeys keys;
  private final EventTail tail;
  private final TailHealth health;

  ProjectionStatusCall(Redis redis, ViewKeys keys, EventTail tail, TailHealth health) {
    this.redis = redis;
    this.keys = keys;
    this.tail = tail;
    this.health = health;
  }

  Future<ProjectionStatus> call(GetProjectionStatusRequest request, CallContext context) {
    return ViewReads.live(redis, keys).compose(live -> ViewReads.checkpoint(redis, live).compose(checkpoint -> {
      Future<TailHealth.Backlog> backlog = health.backlog(checkpoint, LAG_EVENTS_CAP);
      Future<Long> head = tail.head();
      Future<Optional<TailHealth.LockHolder>> writer = health.lockHolder(AdvisoryLocks.PROJECTION_WRITER);
      Future<Optional<TailHealth.OldestTransaction>> oldest = health.oldestTransaction();
      Future<Response> degradedCount = redis.send(Request.cmd(Command.SCARD).arg(live.degraded()));
      Future<Response> degradedNamed = redis.send(Request.cmd(Command.SRANDMEMBER).arg(live.degraded())
          .arg(DEGRADED_NAMED));
      Future<Response> rebuilding = redis.send(Request.cmd(Command.GET).arg(keys.rebuilding()));
      return Future.all(List.of(backlog, head, writer, oldest, degradedCount, degradedNamed, rebuilding)).map(all -> {
        Instant now = Instant.now();
        PartitionStatus.Builder partition = partition(checkpoint, head.result(), backlog.result(), writer.result(), now)
            .setDegradedCount(degradedCount.result().toLong())
            .setGeneration(live.generation())
            .setRebuildingGeneration(rebuilding.result() == null || rebuilding.result().toLong() <= live.generation() ? 0
                : rebuilding.result().toLong());
        degradedNamed.result().stream().map(Response::toString).sorted().forEach(partition::addDegradedAccounts);
        ProjectionStatus.Builder status = ProjectionStatus.newBuilder()
            .addPartitions(partition)
            .setObservedAt(ProtoTime.timestamp(now));
        oldest.result().ifPresent(transaction -> status.setOldestTransaction(oldestTransaction(transaction, now)));
        return status.build();
      });
    }));
  }

  private static PartitionStatus.Builder partition(Checkpoint checkpoint, long head, TailHealth.Backlog backlog,
                                           Optional<TailHealth.LockHolder> writer, Instant now) {
    PartitionStatus.Builder partition = PartitionStatus.newBuilder()
        .setPartition(0)
        .setCheckpoint(checkpoint.encode())
        .setCheckpointPosition(checkpoint.globalPosition())
        .setHeadPosition(head)
        .setLagEvents(backlog.events())
        .setLagEventsCapped(backlog.capped())
        .setHeldEvents(backlog.held())
        .setLagMs(backlog.oldestRecordedAt() == null ? 0 : millisBetween(backlog.oldestRecordedAt(), now));
    writer.ifPresent(holder -> partition.setActiveWriter(ProjectionWriter.newBuilder()
        .setPid(holder.pid())
        .setApplicationName(nonNull(holder.application()))
        .setClientAddress(nonNull(holder.client()))
        .setSince(ProtoTime.timestamp(holder.since()))));
    return partition;
  }

  private static OldestTransaction oldestTransaction(TailHealth.OldestTransaction transaction, Instant now) {
    OldestTransaction.Builder oldest = OldestTransaction.newBuilder()
        .setPid(transaction.pid() == null ? 0 : transaction.pid())
        .setDatabase(nonNull(transaction.database()))
        .setRole(nonNull(transaction.role()))
        .setApplicationName(nonNull(transaction.application()))
        .setState(nonNull(transaction.state()))
        .setPreparedGid(nonNull(transaction.preparedGid()));
    if (transaction.since() != null) {
      oldest.setSince(ProtoTime.timestamp(transaction.since())).setAgeMs(millisBetween(transaction.since(), now));
    }
    return oldest.build();
  }

  private static long millisBetween(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
