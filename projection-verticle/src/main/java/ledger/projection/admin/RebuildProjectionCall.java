package ledger.projection.admin;

import java.util.Map;
import java.util.Optional;

import io.vertx.core.Future;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.AccountRebuild;
import ledger.store.pg.AdvisoryLocks;
import ledger.store.pg.TailHealth;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;

/**
 * RebuildProjection. With an account: its view replaced by a replay of its stream, beside the
 * running projection, by any instance. Without: every view, as a new generation built by the
 * writer; a standby refuses, naming the writer.
 */
final class RebuildProjectionCall {

  private final AccountRebuild accounts;
  private final FullRebuilds full;
  private final TailHealth health;

  RebuildProjectionCall(AccountRebuild accounts, FullRebuilds full, TailHealth health) {
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
    Future<AccountRebuild.Rebuilt> rebuilt = accounts.rebuild(id);
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
    Future<RebuildProgress> done = full.isWriting()
        ? full.rebuild(progress -> sink.context().runOnContext(v -> {
          // DONE is written once, below; a caller that reads slowly misses reports, not the end
          if (progress.getPhase() != RebuildProgress.Phase.DONE && !sink.isClosed() && !sink.writeQueueFull()) {
            sink.write(progress);
          }
        }))
        : notTheWriter();
    done.onComplete(outcome -> sink.context().runOnContext(v -> {
      if (outcome.failed()) {
        sink.fail(outcome.cause());
      } else if (!sink.isClosed()) {
        sink.write(outcome.result());
        sink.end();
      }
    }));
  }

  private Future<RebuildProgress> notTheWriter() {
    return health.lockHolder(AdvisoryLocks.PROJECTION_WRITER).compose(holder -> Future.failedFuture(
        new LedgerException(Reason.NOT_THE_WRITER, "only the projection writer rebuilds every view, and this"
            + " instance stands by; " + describe(holder), Map.of("writer", holder.map(h -> h.application())
            .orElse("")))));
  }

  private static String describe(Optional<TailHealth.LockHolder> holder) {
    return holder.map(h -> "the writer is " + h.application() + " (PostgreSQL backend pid " + h.pid()
            + (h.client() == null || h.client().isEmpty() ? "" : ", connected from " + h.client())
            + "): ask its gRPC endpoint")
        .orElse("no instance holds the writer lock right now: ask again in a few seconds");
  }
}
