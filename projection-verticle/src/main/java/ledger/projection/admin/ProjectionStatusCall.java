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
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.store.Checkpoint;
import ledger.store.pg.EventTail;
import ledger.store.pg.TailHealth;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OldestTransaction;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;
import ledger.v1.ProjectionWriter;

/**
 * GetProjectionStatus: for each partition, its checkpoint from Redis, then what PostgreSQL holds
 * after it and its writer lock's holder; and the oldest transaction; all read now, so any
 * projection process (a writer of some partitions or none) tells the same story.
 */
final class ProjectionStatusCall {

  /** Counting a backlog costs an index scan of it; past this many events the exact number stops mattering. */
  static final int LAG_EVENTS_CAP = 100_000;
  /** Degraded accounts named in one answer; all are counted. */
  static final int DEGRADED_NAMED = 100;

  private final Redis redis;
  private final Partitioning partitioning;
  private final EventTail tail;
  private final TailHealth health;

  ProjectionStatusCall(Redis redis, Partitioning partitioning, EventTail tail, TailHealth health) {
    this.redis = redis;
    this.partitioning = partitioning;
    this.tail = tail;
    this.health = health;
  }

  Future<ProjectionStatus> call(GetProjectionStatusRequest request, CallContext context) {
    // It names degraded accounts, whoever's they are.
    context.caller().requireEveryAccount();
    Future<Long> head = tail.head();
    Future<Optional<TailHealth.OldestTransaction>> oldest = health.oldestTransaction();
    List<Future<PartitionStatus>> partitions = partitioning.partitions()
        .mapToObj(number -> partition(number, head)).toList();
    return Future.all(Future.all(partitions), oldest).map(all -> {
      Instant now = Instant.now();
      ProjectionStatus.Builder status = ProjectionStatus.newBuilder().setObservedAt(ProtoTime.timestamp(now));
      partitions.forEach(partition -> status.addPartitions(partition.result()));
      oldest.result().ifPresent(transaction -> status.setOldestTransaction(oldestTransaction(transaction, now)));
      return status.build();
    });
  }

  /** One partition, from its own checkpoint, writer lock, generations and degraded set. */
  private Future<PartitionStatus> partition(int number, Future<Long> head) {
    ViewKeys keys = partitioning.keys(number);
    return ViewReads.live(redis, keys).compose(live -> ViewReads.checkpoint(redis, live).compose(checkpoint -> {
      Future<TailHealth.Backlog> backlog = health.backlog(checkpoint, LAG_EVENTS_CAP);
      Future<Optional<TailHealth.LockHolder>> writer = health.lockHolder(partitioning.writerLock(number));
      Future<Response> degradedCount = redis.send(Request.cmd(Command.SCARD).arg(live.degraded()));
      Future<Response> degradedNamed = redis.send(Request.cmd(Command.SRANDMEMBER).arg(live.degraded())
          .arg(DEGRADED_NAMED));
      Future<Response> rebuilding = redis.send(Request.cmd(Command.GET).arg(keys.rebuilding()));
      return Future.all(List.of(backlog, head, writer, degradedCount, degradedNamed, rebuilding)).map(all -> {
        PartitionStatus.Builder partition = partition(checkpoint, head.result(), backlog.result(), writer.result(),
            Instant.now())
            .setPartition(number)
            .setDegradedCount(degradedCount.result().toLong())
            .setGeneration(live.generation())
            .setRebuildingGeneration(rebuilding.result() == null || rebuilding.result().toLong() <= live.generation() ? 0
                : rebuilding.result().toLong());
        degradedNamed.result().stream().map(Response::toString).sorted().forEach(partition::addDegradedAccounts);
        return partition.build();
      });
    }));
  }

  private static PartitionStatus.Builder partition(Checkpoint checkpoint, long head, TailHealth.Backlog backlog,
                                           Optional<TailHealth.LockHolder> writer, Instant now) {
    PartitionStatus.Builder partition = PartitionStatus.newBuilder()
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
