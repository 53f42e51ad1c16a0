package ledger.command;

import static ledger.testkit.Waits.await;

import java.time.Duration;

import io.vertx.core.Vertx;
import ledger.testkit.Reply;
import ledger.testkit.VertxUnary;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/** The Vert.x gRPC client, which keeps the status message and the ErrorInfo of every refusal. */
final class VertxCommandClient implements CommandClient {

  private static final Duration DEADLINE = Duration.ofMillis(CALL_TIMEOUT_MILLIS);

  private final VertxUnary calls;

  VertxCommandClient(Vertx vertx, int port) {
    this.calls = new VertxUnary(vertx, port);
  }

  @Override
  public Reply<CommandResult> openAccount(OpenAccountRequest request) {
    return await(calls.call(CommandServiceGrpcClient.OpenAccount, request, DEADLINE));
  }

  @Override
  public Reply<CommandResult> deposit(DepositRequest request) {
    return await(calls.call(CommandServiceGrpcClient.Deposit, request, DEADLINE));
  }

  @Override
  public Reply<CommandResult> withdraw(WithdrawRequest request) {
    return await(calls.call(CommandServiceGrpcClient.Withdraw, request, DEADLINE));
  }

  @Override
  public Reply<CommandResult> transfer(TransferRequest request) {
    return await(calls.call(CommandServiceGrpcClient.Transfer, request, DEADLINE));
  }

  @Override
  public Reply<CommandResult> freezeAccount(FreezeAccountRequest request) {
    return await(calls.call(CommandServiceGrpcClient.FreezeAccount, request, DEADLINE));
  }

  @Override
  public Reply<CommandResult> unfreezeAccount(UnfreezeAccountRequest request) {
    return await(calls.call(CommandServiceGrpcClient.UnfreezeAccount, request, DEADLINE));
  }

  @Override
  public Reply<CommandResult> closeAccount(CloseAccountRequest request) {
    return await(calls.call(CommandServiceGrpcClient.CloseAccount, request, DEADLINE));
  }

  @Override
  public void close() {
    calls.close();
  }
}
