package ledger.projection.admin;

import io.vertx.core.Future;
import ledger.domain.AccountId;
import ledger.domain.InvalidInputException;
import ledger.domain.Reason;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.AccountRebuild;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;

/** RebuildProjection: one account's view replaced by a replay of its stream, beside the running projection. */
final class RebuildProjectionCall {

  private final AccountRebuild accounts;

  RebuildProjectionCall(AccountRebuild accounts) {
    this.accounts = accounts;
  }

  void start(RebuildProjectionRequest request, CallContext context, StreamSink<RebuildProgress> sink) {
    if (request.getAccountId().isEmpty()) {
      throw new InvalidInputException(Reason.INVALID_ACCOUNT_ID,
          "account_id is required: this release rebuilds one account's view at a time");
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
}
