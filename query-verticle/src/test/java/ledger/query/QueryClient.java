package ledger.query;

import static ledger.testkit.Waits.await;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;

/** One gRPC client of the QueryService. Calls start from any thread; answers arrive as futures. */
interface QueryClient extends AutoCloseable {

  /** The deadline of calls whose deadline is not the point of the test. */
  Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /** Starts a GetBalance call; a null deadline sends none, leaving the server's maximum as the only bound. */
  Future<Reply<Balance>> getBalance(GetBalanceRequest request, Duration deadline);

  Future<Reply<GetHistoryResponse>> getHistory(GetHistoryRequest request, Duration deadline);

  Future<Reply<Balance>> getBalanceAt(GetBalanceAtRequest request, Duration deadline);

  default Future<Reply<Balance>> getBalance(String account, String token) {
    return getBalance(request(account, token), DEFAULT_DEADLINE);
  }

  default Reply<Balance> getBalanceNow(String account, String token) {
    return await(getBalance(account, token));
  }

  default Reply<GetHistoryResponse> getHistoryNow(GetHistoryRequest request) {
    return await(getHistory(request, DEFAULT_DEADLINE));
  }

  default Reply<Balance> getBalanceAtNow(GetBalanceAtRequest request) {
    return await(getBalanceAt(request, DEFAULT_DEADLINE));
  }

  static GetBalanceRequest request(String account, String token) {
    GetBalanceRequest.Builder request = GetBalanceRequest.newBuilder().setAccountId(account);
    if (token != null) {
      request.setConsistencyToken(token);
    }
    return request.build();
  }

  @Override
  void close();

  /** The two kinds of caller the service must answer alike. */
  enum Kind {
    VERTX, GRPC_JAVA;

    QueryClient connect(Vertx clientVertx, QueryNode node) {
      return this == VERTX ? new VertxQueryClient(clientVertx, node.port()) : new GrpcJavaQueryClient(node.port());
    }
  }
}
