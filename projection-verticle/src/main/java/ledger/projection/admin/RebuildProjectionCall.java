package ledger.projection.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.AccountRebuild;
import ledger.readmodel.Partitioning;
import ledger.store.pg.TailHealth;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;

/**
 * RebuildProjection. With an account: its view, in its partition, replaced by a replay of its
 * stream, beside the running projection, by any instance. Without: every view, as a new
 * generation of each partition this instance writes, built by its writer, all in parallel; a
 * process that writes no partition refuses, naming the writers, and one that writes only some
 * rebuilds those, then refuses the rest, naming their writers (docs/operations.md, "Partitions").
 */
final class RebuildProjectionCall {

  private final Partitioning partitioning;
  private final IntFunction<AccountRebuild> accounts;
  private final IntFunction<FullRebuilds> full;
  private final TailHealth health;

  RebuildProjectionCall(Partitioning partitioning, IntFunction<AccountRebuild> accounts, IntFunction<FullRebuilds> full,
                        TailHealth health) {
    this.partitioning = partitioning;
    this.accounts = accounts;
    this.full = full;
    this.health = health;
  }

  void start(RebuildProjectionRequest request, CallContext context, StreamSink<RebuildProgress> sink) {
    if (request.getAccountId().isEmpty()) {
      everyView(sink);
      return;
    }
    AccountId id = AccountId.of(request.getAccountId());
    long started = System.nanoTime();
    sink.write(RebuildProgress.newBuilder().setPhase(RebuildProgress.Phase.REPLAYING).build());
    Future<AccountRebuild.Rebuilt> rebuilt = accounts.apply(partitioning.of(id)).rebuild(id);
    rebuilt.onComplete(outcome -> sink.context().runOnContext(v -> {
      if (outcome.failed()) {
        sink.fail(outcome.cause());
        return;
      }
      sink.write(RebuildProgress.newBuilder().setPhase(RebuildProgress.Phase.DONE).setAccountsRebuilt(1)
          .setEventsReplayed(outcome.result().events()).setVersion(outcome.result().version())
          .setElapsedMs((System.nanoTime() - started) / 1_000_000).build());
      sink.end();
    }));
  }

  private void everyView(StreamSink<RebuildProgress> sink) {
    List<Integer> here = new ArrayList<>();
    List<Integer> elsewhere = new ArrayList<>();
    partitioning.partitions().forEach(p -> (full.apply(p).isWriting() ? here : elsewhere).add(p));
    if (here.isEmpty()) {
      notTheWriter(elsewhere, false).onFailure(refused -> sink.context().runOnContext(v -> sink.fail(refused)));
      return;
    }
    List<Future<RebuildProgress>> runs = here.stream().map(p -> full.apply(p).rebuild(progress ->
        sink.context().runOnContext(v -> {
          // DONE is written once, below; a caller that reads slowly misses reports, not the end
          if (progress.getPhase() != RebuildProgress.Phase.DONE && !sink.isClosed() && !sink.writeQueueFull()) {
            sink.write(of(p, progress));
          }
        })).map(done -> of(p, done))).toList();
    Future.join(runs).onComplete(all -> sink.context().runOnContext(v -> {
      if (sink.isClosed()) {
        return;
      }
      runs.stream().filter(Future::succeeded).forEach(run -> sink.write(run.result()));
      Optional<Throwable> failed = runs.stream().filter(Future::failed).map(Future::cause).findFirst();
      if (failed.isPresent()) {
        sink.fail(failed.get());
      } else if (!elsewhere.isEmpty()) {
        notTheWriter(elsewhere, true).onFailure(refused -> sink.context().runOnContext(w -> sink.fail(refused)));
      } else {
        sink.end();
      }
    }));
  }

  /** A report of partition {@code partition}'s rebuild (with one partition, as before partitions). */
  private RebuildProgress of(int partition, RebuildProgress progress) {
    return partitioning.count() == 1 ? progress
        : progress.toBuilder().setPartition(partition).setPartitions(partitioning.count()).build();
  }

  private Future<RebuildProgress> notTheWriter(List<Integer> others, boolean rebuiltSome) {
    if (partitioning.count() == 1) {
      return health.lockHolder(partitioning.writerLock(0)).compose(holder -> Future.failedFuture(
          new LedgerException(Reason.NOT_THE_WRITER, "only the projection writer rebuilds every view, and this"
              + " instance stands by; " + describe(holder), Map.of("writer", holder.map(h -> h.application())
              .orElse("")))));
    }
    List<Future<Optional<TailHealth.LockHolder>>> holders = others.stream()
        .map(p -> health.lockHolder(partitioning.writerLock(p))).toList();
    return Future.all(holders).compose(all -> {
      Map<Integer, Optional<TailHealth.LockHolder>> writers = new LinkedHashMap<>();
      for (int i = 0; i < others.size(); i++) {
        writers.put(others.get(i), holders.get(i).result());
      }
      String named = writers.entrySet().stream().map(w -> "partition " + w.getKey() + ": " + describe(w.getValue()))
          .collect(Collectors.joining("; "));
      String apps = writers.values().stream().map(h -> h.map(TailHealth.LockHolder::application).orElse(""))
          .distinct().collect(Collectors.joining(","));
      String partitions = others.stream().map(String::valueOf).collect(Collectors.joining(","));
      return Future.failedFuture(new LedgerException(Reason.NOT_THE_WRITER, (rebuiltSome
          ? "rebuilt the partitions this instance writes; the others are rebuilt by their writers: "
          : "only a partition's writer rebuilds its views, and this instance writes none of them: ") + named,
          Map.of("writer", apps, "partitions", partitions)));
    });
  }

  private static String describe(Optional<TailHealth.LockHolder> holder) {
    return holder.map(h -> "the writer is " + h.application() + " (PostgreSQL backend pid " + h.pid()
            + (h.client() == null || h.client().isEmpty() ? "" : ", connected from " + h.client())
            + "): ask its gRPC endpoint")
        .orElse("no instance holds the writer lock right now: ask again in a few seconds");
  }
}
