package ledger.app.cli;

import java.util.Locale;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.QueryServiceGrpcClient;

/**
 * The currency of a posting: the one given, or else the account's own. That is looked up
 * in the event store (the account at version 1), not in the views, so a command typed right
 * after {@code open} finds the account even before the projection has caught up.
 */
final class AccountCurrency {

  private AccountCurrency() {
  }

  static Future<String> of(GrpcCalls calls, String accountId, String given) {
    if (given != null) {
      return Future.succeededFuture(given.toUpperCase(Locale.ROOT));
    }
    GetBalanceAtRequest opened = GetBalanceAtRequest.newBuilder().setAccountId(accountId).setVersion(1).build();
    return calls.unary(QueryServiceGrpcClient.GetBalanceAt, opened).map(Balance::getCurrency);
  }
}
