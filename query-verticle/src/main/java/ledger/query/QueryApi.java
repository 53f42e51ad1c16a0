package ledger.query;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

import com.google.protobuf.Timestamp;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.Service;
import ledger.domain.AccountId;
import ledger.grpc.ApiException;
import ledger.grpc.CallContext;
import ledger.grpc.Rpc;
import ledger.readmodel.AccountView;
import ledger.readmodel.ConsistencyToken;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcService;

/** ledger.v1.QueryService over the Redis views. */
final class QueryApi {

  private final ViewReader reader;
  private final TokenWaits waits;
  private final StoreQueries store;
  private final StreamBalanceCall streams;
  private final QueryConfig config;

  QueryApi(ViewReader reader, TokenWaits waits, StoreQueries store, StreamBalanceCall streams, QueryConfig config) {
    this.reader = reader;
    this.waits = waits;
    this.store = store;
    this.streams = streams;
    this.config = config;
  }

  Service service(Rpc rpc) {
    return Service.service(QueryServiceGrpcService.SERVICE_NAME, QueryServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(QueryServiceGrpcService.GetBalance, rpc.unary("GetBalance", this::getBalance))
        .bind(QueryServiceGrpcService.StreamBalance, rpc.serverStream("StreamBalance", streams::start))
        .bind(QueryServiceGrpcService.GetHistory, rpc.unary("GetHistory", store::history))
        .bind(QueryServiceGrpcService.GetBalanceAt, rpc.unary("GetBalanceAt", store::balanceAt))
        .build();
  }

  Future<Balance> getBalance(GetBalanceRequest request, CallContext context) {
    AccountId id = AccountId.of(request.getAccountId());
    if (request.getConsistencyToken().isEmpty()) {
      return reader.account(id).map(view -> toBalance(id, view));
    }
    ConsistencyToken token = ConsistencyToken.decode(request.getConsistencyToken());
    long budget = context.waitBudgetMillis(config.maxTokenWait().toMillis());
    OptionalLong version = token.versionOf(id);
    if (version.isPresent()) {
      return waits.awaitVersion(id, version.getAsLong(), budget).map(view -> toBalance(id, view));
    }
    return waits.awaitCheckpoint(token.commitPoint(), budget)
        .compose(caughtUp -> reader.account(id))
        .map(view -> toBalance(id, view));
  }

  static Balance toBalance(AccountId id, AccountView view) {
    if (view == null) {
      throw new ApiException(GrpcStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND", "account " + id + " does not exist",
          Map.of("account_id", id.value()));
    }
    return Balance.newBuilder()
        .setAccountId(id.value())
        .setBalanceMinor(view.balanceMinor())
        .setCurrency(view.currency())
        .setStatus(AccountStatus.valueOf(view.status().name()))
        .setOverdraftLimitMinor(view.overdraftLimitMinor())
        .setVersion(view.version())
        .setGlobalPosition(view.globalPosition())
        .setUpdatedAt(timestamp(view.updatedAt()))
        .build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
