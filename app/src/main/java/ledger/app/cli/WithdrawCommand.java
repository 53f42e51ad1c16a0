package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.WithdrawRequest;
import picocli.CommandLine.Command;

@Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Takes money out of an account.")
public final class WithdrawCommand extends PostingCommand {

  @Override
  String verb() {
    return "withdrew";
  }

  @Override
  Future<CommandResult> post(GrpcCalls calls, String currency, long amountMinor, String commandId) {
    WithdrawRequest.Builder request = WithdrawRequest.newBuilder()
        .setCommandId(commandId).setAccountId(accountId).setAmountMinor(amountMinor)
        .setCurrency(currency).setReference(reference);
    if (expectedVersion != null) {
      request.setExpectedVersion(expectedVersion);
    }
    return calls.unary(CommandServiceGrpcClient.Withdraw, request.build());
  }
}
