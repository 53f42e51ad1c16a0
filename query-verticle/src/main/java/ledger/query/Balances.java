package ledger.query;

import io.vertx.core.Future;
import ledger.domain.AccountId;
import ledger.domain.RejectedException;
import ledger.domain.Rejection;
import ledger.grpc.ProtoTime;
import ledger.readmodel.AccountView;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;

/** Views as callers see them: every Balance the query service sends is built here. */
final class Balances {

  private Balances() {
  }

  static Balance of(AccountView view) {
    return Balance.newBuilder()
        .setAccountId(view.accountId().value())
        .setBalanceMinor(view.balanceMinor())
        .setCurrency(view.currency())
        .setStatus(AccountStatus.valueOf(view.status().name()))
        .setOverdraftLimitMinor(view.overdraftLimitMinor())
        .setVersion(view.version())
        .setGlobalPosition(view.globalPosition())
        .setUpdatedAt(ProtoTime.timestamp(view.updatedAt()))
        .build();
  }

  /** The view that was found, or ACCOUNT_NOT_FOUND when there was none. */
  static Future<AccountView> existing(AccountId id, AccountView found) {
    return found != null ? Future.succeededFuture(found) : Future.failedFuture(notFound(id));
  }

  static RejectedException notFound(AccountId id) {
    return new RejectedException(Rejection.accountNotFound(id));
  }
}
