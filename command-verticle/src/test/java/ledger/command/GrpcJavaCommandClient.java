package ledger.command;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpc.CommandServiceBlockingStub;
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
    this.channel = GrpcJava.channel(port);
    this.stub = CommandServiceGrpc.newBlockingStub(channel);
  }

  @Override
  public Reply<CommandResult> openAccount(OpenAccountRequest request) {
    return GrpcJava.call(() -> withDeadline().openAccount(request));
  }

  @Override
  public Reply<CommandResult> deposit(DepositRequest request) {
    return GrpcJava.call(() -> withDeadline().deposit(request));
  }

  @Override
  public Reply<CommandResult> withdraw(WithdrawRequest request) {
    return GrpcJava.call(() -> withDeadline().withdraw(request));
  }

  @Override
  public Reply<CommandResult> transfer(TransferRequest request) {
    return GrpcJava.call(() -> withDeadline().transfer(request));
  }

  @Override
  public Reply<CommandResult> freezeAccount(FreezeAccountRequest request) {
    return GrpcJava.call(() -> withDeadline().freezeAccount(request));
  }

  @Override
  public Reply<CommandResult> unfreezeAccount(UnfreezeAccountRequest request) {
    return GrpcJava.call(() -> withDeadline().unfreezeAccount(request));
  }

  @Override
  public Reply<CommandResult> closeAccount(CloseAccountRequest request) {
    return GrpcJava.call(() -> withDeadline().closeAccount(request));
  }

  private CommandServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    GrpcJava.close(channel);
  }
}
