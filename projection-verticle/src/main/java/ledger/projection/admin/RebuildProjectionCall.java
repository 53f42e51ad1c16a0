package ledger.projection.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.AccountRebuild;
import ledger.readmodel.Generations;
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewScripts;
import ledger.store.pg.EventTail;
import ledger.store.pg.TailHealth;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RebuildProjection. With an account: its view, in its partition, replaced by a replay of its
 * stream, beside the running projection, by any instance. Without: every view, as a new
 * generation of every partition, asked of any instance: the call marks each partition's rebuild
 * in Redis, each partition's writer (wherever it runs) builds it, all in parallel, and the call
 * follows them from Redis and the store until every one switched (docs/operations.md, "Partitions").
 */
final class RebuildProjectionCall {

  private static final Logger LOG = LoggerFactory.getLogger(RebuildProjectionCall.class);

  /** How often a call looks at where the rebuilds stand. */
  private static final long FOLLOW_MS = 250;
  /** A partition without a writer for this long fails the call, even without a deadline. */
  private static final long NO_WRITER_NANOS = 60_000_000_000L;
  /** A partition without a writer fails the call this long before the caller's deadline, so it hears why. */
  private static final long DEADLINE_MARGIN_MS = 1_000;

  private final Redis redis;
  private final ViewScripts scripts;
  private final Partitioning partitioning;
  private final IntFunction<AccountRebuild> accounts;
  private final IntFunction<FullRebuilds> full;
  private final EventTail tail;
  private final TailHealth health;

  RebuildProjectionCall(Redis redis, ViewScripts scripts, Partitioning partitioning,
                        IntFunction<AccountRebuild> accounts, IntFunction<FullRebuilds> full, EventTail tail,
                        TailHealth health) {
    this.redis = redis;
    this.scripts = scripts;
    this.partitioning = partitioning;
    this.accounts = accounts;
    this.full = full;
    this.tail = tail;
    this.health = health;
  }

  void start(RebuildProjectionRequest request, CallContext context, StreamSink<RebuildProgress> sink) {
    if (request.getAccountId().isEmpty()) {
      context.caller().requireEveryAccount();
      everyView(context, sink);
      return;
    }
    AccountId id = AccountId.of(request.getAccountId());
    context.caller().requireAccount(id);
    long started = System.nanoTime();
    sink.write(RebuildProgress.newBuilder().setPhase(RebuildProgress.Phase.REPLAYING).build());
    int partition = partitioning.of(id);
    Future<AccountRebuild.Rebuilt> rebuilt = accounts.apply(partition).rebuild(id);
    rebuilt.onComplete(outcome -> sink.context().runOnContext(v -> {
      if (outcome.failed()) {
        LOG.info("The rebuild of account {}'s view ended without one: {}", id, outcome.cause().getMessage());
        sink.fail(outcome.cause());
        return;
      }
      LOG.info("Rebuilt account {}'s view{} from {} events, as of version {}", id,
          partitioning.count() == 1 ? "" : " in partition " + partition + " of " + partitioning.count(),
          outcome.result().events(), outcome.result().version());
      sink.write(RebuildProgress.newBuilder().setPhase(RebuildProgress.Phase.DONE).setAccountsRebuilt(1)
          .setEventsReplayed(outcome.result().events()).setVersion(outcome.result().version())
          .setElapsedMs((System.nanoTime() - started) / 1_000_000).build());
      sink.end();
    }));
  }

  /**
   * Marks the rebuild in every partition, then follows each until it switched, reporting as it
   * goes; the rebuilds are the writers' and go on whatever happens to this call.
   */
  private void everyView(CallContext call, StreamSink<RebuildProgress> sink) {
    long started = System.nanoTime();
    List<PartitionRebuild> rebuilds = partitioning.partitions().mapToObj(p -> new PartitionRebuild(p,
        new Generations(redis, partitioning.keys(p), scripts), redis, partitioning.keys(p), full.apply(p), health,
        partitioning.writerLock(p), progress -> sink.context().runOnContext(v -> {
          // DONE is written by the following, once; a caller that reads slowly misses reports, not the end
          if (progress.getPhase() != RebuildProgress.Phase.DONE && !sink.isClosed() && !sink.writeQueueFull()) {
            sink.write(of(p, progress));
          }
        }))).toList();
    Future.all(rebuilds.stream().map(PartitionRebuild::ask).toList()).onComplete(asked ->
        sink.context().runOnContext(v -> {
          if (asked.failed()) {
            sink.fail(asked.cause());
            return;
          }
          follow(new ArrayList<>(rebuilds), new HashMap<>(), call, sink, started);
        }));
  }

  /** One look at every partition not yet switched, then the next, until none is left. */
  private void follow(List<PartitionRebuild> left, Map<Integer, RebuildProgress> told, CallContext call,
                      StreamSink<RebuildProgress> sink, long started) {
    if (sink.isClosed()) {
      return;
    }
    tail.head().compose(head -> Future.all(left.stream().map(r -> r.look(head, started)).toList()))
        .onComplete(looked -> sink.context().runOnContext(v -> {
          if (sink.isClosed()) {
            return;
          }
          if (looked.failed()) {
            sink.fail(looked.cause());
            return;
          }
          List<PartitionRebuild.Look> looks = looked.result().list();
          List<PartitionRebuild> still = new ArrayList<>();
          for (int i = 0; i < looks.size(); i++) {
            PartitionRebuild rebuild = left.get(i);
            PartitionRebuild.Look look = looks.get(i);
            if (look.done()) {
              // DONE is always written: a caller that reads slowly misses reports, not the end
              sink.write(of(rebuild.partition(), look.progress()));
              continue;
            }
            still.add(rebuild);
            if (look.progress() != null) {
              RebuildProgress report = of(rebuild.partition(), look.progress()).toBuilder()
                  .setNoWriter(look.noWriter()).build();
              if (!report.equals(told.get(rebuild.partition())) && !sink.writeQueueFull()) {
                told.put(rebuild.partition(), report);
                sink.write(report);
              }
            }
          }
          if (still.isEmpty()) {
            sink.end();
            return;
          }
          List<Integer> unwritten = still.stream().filter(r -> writerGivenUp(r, call)).map(PartitionRebuild::partition)
              .toList();
          if (!unwritten.isEmpty()) {
            sink.fail(noWriter(unwritten));
            return;
          }
          sink.context().owner().setTimer(FOLLOW_MS, next -> follow(still, told, call, sink, started));
        }));
  }

  /** No process took the partition in time: before the caller's deadline passes, or after a minute without one. */
  private static boolean writerGivenUp(PartitionRebuild rebuild, CallContext call) {
    long since = rebuild.writerMissingSince();
    if (since == 0) {
      return false;
    }
    return System.nanoTime() - since > NO_WRITER_NANOS || call.waitBudgetMillis(Long.MAX_VALUE) < DEADLINE_MARGIN_MS;
  }

  private LedgerException noWriter(List<Integer> partitions) {
    String named = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    String which = partitioning.count() == 1 ? "the projection" : "partition" + (partitions.size() == 1 ? " " : "s ")
        + named;
    return new LedgerException(Reason.BACKEND_UNAVAILABLE, "no projection process writes " + which + " (none holds"
        + " its writer lock), so its rebuild cannot run; it stays marked and starts once a process takes it",
        Map.of("partitions", named));
  }

  /** A report of partition {@code partition}'s rebuild (with one partition, as before partitions). */
  private RebuildProgress of(int partition, RebuildProgress progress) {
    return partitioning.count() == 1 ? progress
        : progress.toBuilder().setPartition(partition).setPartitions(partitioning.count()).build();
  }
}
