package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandServiceGrpcClient;
import picocli.CommandLine.Command;

@Command(name = "close", mixinStandardHelpOptions = true,
    description = "Closes an account for good; only at zero balance and not while frozen.")
public final class CloseCommand extends LifecycleCommand {

  @Override
  Future<String> execute(GrpcCalls calls) {
    CloseAccountRequest.Builder request = CloseAccountRequest.newBuilder()
        .setCommandId(commandId()).setAccountId(accountId);
    if (expectedVersion != null) {
      request.setExpectedVersion(expectedVersion);
    }
    return calls.unary(CommandServiceGrpcClient.CloseAccount, request.build())
        .map(result -> Format.result("closed " + accountId, result));
  }
}
