package ledger.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import ledger.grpc.ErrorDetails;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.QueryServiceGrpcClient;

/**
 * The Vert.x gRPC client through its request/response API, which (unlike the generated
 * client) keeps the status message and the grpc-status-details-bin ErrorInfo. A deadline
 * is sent as grpc-timeout only; this client schedules nothing itself, so whatever ends
 * the call at its deadline is the server.
 */
final class VertxQueryClient implements QueryClient {

  private final GrpcClient client;
  private final SocketAddress target;

  /** Calls share one HTTP/2 connection, as many at once as the server allows streams. */
  VertxQueryClient(Vertx vertx, int port) {
    this.client = GrpcClient.client(vertx);
    this.target = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  @Override
  public Future<Reply> getBalance(GetBalanceRequest request, Duration deadline) {
    return call(QueryServiceGrpcClient.GetBalance, request, deadline);
  }

  @Override
  public Future<Reply> getHistory(GetHistoryRequest request, Duration deadline) {
    return call(QueryServiceGrpcClient.GetHistory, request, deadline);
  }

  @Override
  public Future<Reply> getBalanceAt(GetBalanceAtRequest request, Duration deadline) {
    return call(QueryServiceGrpcClient.GetBalanceAt, request, deadline);
  }

  private <Req, Resp extends Message> Future<Reply> call(ServiceMethod<Resp, Req> method, Req request,
                                                         Duration deadline) {
    long started = System.nanoTime();
    return client.request(target, method)
        .compose(call -> {
          if (deadline != null) {
            call.timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
          }
          return call.send(request);
        })
        .compose(response -> response.last().transform(done -> done.succeeded()
            ? Future.succeededFuture(Reply.ok(done.result(), millisSince(started)))
            : Future.succeededFuture(refused(response, done.cause(), millisSince(started)))));
  }

  private static Reply refused(GrpcClientResponse<?, ?> response, Throwable failure, long elapsedMillis) {
    GrpcStatus status = response.status();
    if (status == null || status == GrpcStatus.OK) {
      throw new AssertionError("call failed without a gRPC status", failure);
    }
    return new Reply(null, status, response.statusMessage(),
        ErrorDetails.read(response.trailers(), response.headers()), elapsedMillis);
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  public void close() {
    Blocking.await(client.close());
  }
}
