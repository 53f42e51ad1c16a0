package ledger.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.vertx.core.Future;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpc.QueryServiceStub;

/**
 * A standard grpc-java client, reading errors the way grpc-java users do: StatusProto and
 * ErrorInfo. Unlike the Vert.x client it enforces a deadline locally as well.
 */
final class GrpcJavaQueryClient implements QueryClient {

  private final ManagedChannel channel;
  private final QueryServiceStub stub;

  GrpcJavaQueryClient(int port) {
    this.channel = GrpcJava.channel(port);
    this.stub = QueryServiceGrpc.newStub(channel);
  }

  @Override
  public Future<Reply<Balance>> getBalance(GetBalanceRequest request, Duration deadline) {
    return GrpcJava.call(observer -> within(deadline).getBalance(request, observer));
  }

  @Override
  public Future<Reply<GetHistoryResponse>> getHistory(GetHistoryRequest request, Duration deadline) {
    return GrpcJava.call(observer -> within(deadline).getHistory(request, observer));
  }

  @Override
  public Future<Reply<Balance>> getBalanceAt(GetBalanceAtRequest request, Duration deadline) {
    return GrpcJava.call(observer -> within(deadline).getBalanceAt(request, observer));
  }

  private QueryServiceStub within(Duration deadline) {
    return deadline == null ? stub : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    GrpcJava.close(channel);
  }
}
