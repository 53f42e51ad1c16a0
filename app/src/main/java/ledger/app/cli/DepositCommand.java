package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import picocli.CommandLine.Command;

@Command(name = "deposit", mixinStandardHelpOptions = true, description = "Puts money into an account.")
public final class DepositCommand extends PostingCommand {

  @Override
  String verb() {
    return "deposited";
  }

  @Override
  Future<CommandResult> post(GrpcCalls calls, String currency, long amountMinor, String commandId) {
    DepositRequest.Builder request = DepositRequest.newBuilder()
        .setCommandId(commandId).setAccountId(accountId).setAmountMinor(amountMinor)
        .setCurrency(currency).setReference(reference);
    if (expectedVersion != null) {
      request.setExpectedVersion(expectedVersion);
    }
    return calls.unary(CommandServiceGrpcClient.Deposit, request.build());
  }
}
