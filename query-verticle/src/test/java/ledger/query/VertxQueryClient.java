package ledger.query;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import ledger.testkit.Reply;
import ledger.testkit.VertxUnary;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.QueryServiceGrpcClient;

/**
 * The Vert.x gRPC client, which keeps the status message and the ErrorInfo of every refusal.
 * It sends a deadline as grpc-timeout only, so whatever ends a call at its deadline is the
 * server; its calls share one HTTP/2 connection, as many at once as the server allows streams.
 */
final class VertxQueryClient implements QueryClient {

  private final VertxUnary calls;

  VertxQueryClient(Vertx vertx, int port) {
    this.calls = new VertxUnary(vertx, port);
  }

  @Override
  public Future<Reply<Balance>> getBalance(GetBalanceRequest request, Duration deadline) {
    return calls.call(QueryServiceGrpcClient.GetBalance, request, deadline);
  }

  @Override
  public Future<Reply<GetHistoryResponse>> getHistory(GetHistoryRequest request, Duration deadline) {
    return calls.call(QueryServiceGrpcClient.GetHistory, request, deadline);
  }

  @Override
  public Future<Reply<Balance>> getBalanceAt(GetBalanceAtRequest request, Duration deadline) {
    return calls.call(QueryServiceGrpcClient.GetBalanceAt, request, deadline);
  }

  @Override
  public void close() {
    calls.close();
  }
}
