package ledger.query;

import io.vertx.core.Future;
import io.vertx.grpc.server.Service;
import ledger.domain.AccountId;
import ledger.grpc.CallContext;
import ledger.grpc.Rpc;
import ledger.readmodel.ConsistencyToken;
import ledger.v1.Balance;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcService;

/** ledger.v1.QueryService over the Redis views. */
final class QueryApi {

  private final ViewPartitions views;
  private final StoreQueries store;
  private final StreamBalanceCall streams;
  private final QueryConfig config;
  private final WaitSpans waits;

  QueryApi(ViewPartitions views, StoreQueries store, StreamBalanceCall streams, QueryConfig config, WaitSpans waits) {
    this.waits = waits;
    this.views = views;
    this.store = store;
    this.streams = streams;
    this.config = config;
  }

  Service service(Rpc rpc) {
    return Service.service(QueryServiceGrpcService.SERVICE_NAME, QueryServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(QueryServiceGrpcService.GetBalance,
            rpc.unary(QueryServiceGrpcService.GetBalance, this::getBalance))
        .bind(QueryServiceGrpcService.StreamBalance,
            rpc.serverStream(QueryServiceGrpcService.StreamBalance, streams::start))
        .bind(QueryServiceGrpcService.GetHistory,
            rpc.unary(QueryServiceGrpcService.GetHistory, store::history))
        .bind(QueryServiceGrpcService.GetBalanceAt,
            rpc.unary(QueryServiceGrpcService.GetBalanceAt, store::balanceAt))
        .build();
  }

  Future<Balance> getBalance(GetBalanceRequest request, CallContext context) {
    AccountId id = AccountId.of(request.getAccountId());
    context.caller().requireAccount(id);
    ConsistencyToken token = ConsistencyToken.ofRequest(request.getConsistencyToken());
    long budget = context.waitBudgetMillis(config.maxTokenWait().toMillis());
    return waits.around(context, id, token, budget, () -> views.viewFor(id, token, budget))
        .compose(view -> Balances.existing(id, view))
        .map(Balances::of);
  }
}
