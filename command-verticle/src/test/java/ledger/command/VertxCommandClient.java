package ledger.command;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import ledger.grpc.ErrorDetails;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/**
 * The Vert.x gRPC client through its request/response API, which (unlike the generated
 * client) keeps the status message and the grpc-status-details-bin ErrorInfo.
 */
final class VertxCommandClient implements CommandClient {

  private final GrpcClient client;
  private final SocketAddress target;

  VertxCommandClient(Vertx vertx, int port) {
    this.client = GrpcClient.client(vertx);
    this.target = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  @Override
  public Reply openAccount(OpenAccountRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.OpenAccount, request));
  }

  @Override
  public Reply deposit(DepositRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.Deposit, request));
  }

  @Override
  public Reply withdraw(WithdrawRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.Withdraw, request));
  }

  @Override
  public Reply transfer(TransferRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.Transfer, request));
  }

  @Override
  public Reply freezeAccount(FreezeAccountRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.FreezeAccount, request));
  }

  @Override
  public Reply unfreezeAccount(UnfreezeAccountRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.UnfreezeAccount, request));
  }

  @Override
  public Reply closeAccount(CloseAccountRequest request) {
    return Blocking.await(call(CommandServiceGrpcClient.CloseAccount, request));
  }

  <Req> Future<Reply> call(ServiceMethod<CommandResult, Req> method, Req request) {
    return client.request(target, method)
        .compose(call -> {
          call.timeout(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
          return call.send(request);
        })
        .compose(response -> response.last().transform(done -> done.succeeded()
            ? Future.succeededFuture(Reply.ok(done.result()))
            : Future.succeededFuture(refused(response, done.cause()))));
  }

  private static Reply refused(GrpcClientResponse<?, ?> response, Throwable failure) {
    GrpcStatus status = response.status();
    if (status == null || status == GrpcStatus.OK) {
      throw new AssertionError("call failed without a gRPC status", failure);
    }
    return new Reply(null, status, response.statusMessage(),
        ErrorDetails.read(response.trailers(), response.headers()));
  }

  @Override
  public void close() {
    Blocking.await(client.close());
  }
}
