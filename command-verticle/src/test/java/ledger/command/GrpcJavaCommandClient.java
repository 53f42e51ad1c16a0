package ledger.command;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.vertx.grpc.common.GrpcStatus;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpc.CommandServiceBlockingStub;
import ledger.v1.CloseAccountRequest;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/** A standard grpc-java client, reading errors the way grpc-java users do: StatusProto and ErrorInfo. */
final class GrpcJavaCommandClient implements CommandClient {

  private final ManagedChannel channel;
  private final CommandServiceBlockingStub stub;

  GrpcJavaCommandClient(int port) {
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    this.stub = CommandServiceGrpc.newBlockingStub(channel);
  }

  @Override
  public Reply openAccount(OpenAccountRequest request) {
    return call(() -> withDeadline().openAccount(request));
  }

  @Override
  public Reply deposit(DepositRequest request) {
    return call(() -> withDeadline().deposit(request));
  }

  @Override
  public Reply withdraw(WithdrawRequest request) {
    return call(() -> withDeadline().withdraw(request));
  }

  @Override
  public Reply transfer(TransferRequest request) {
    return call(() -> withDeadline().transfer(request));
  }

  @Override
  public Reply freezeAccount(FreezeAccountRequest request) {
    return call(() -> withDeadline().freezeAccount(request));
  }

  @Override
  public Reply unfreezeAccount(UnfreezeAccountRequest request) {
    return call(() -> withDeadline().unfreezeAccount(request));
  }

  @Override
  public Reply closeAccount(CloseAccountRequest request) {
    return call(() -> withDeadline().closeAccount(request));
  }

  private CommandServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static Reply call(Supplier<CommandResult> call) {
    try {
      return Reply.ok(call.get());
    } catch (StatusRuntimeException e) {
      // Throws when the details' code differs from the call's status: that is a server bug too.
      com.google.rpc.Status details = StatusProto.fromThrowable(e);
      return new Reply(null, GrpcStatus.valueOf(e.getStatus().getCode().value()), e.getStatus().getDescription(),
          details == null ? null : errorInfo(details));
    }
  }

  private static ErrorInfo errorInfo(com.google.rpc.Status details) {
    for (Any detail : details.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("unreadable ErrorInfo", e);
        }
      }
    }
    return null;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
