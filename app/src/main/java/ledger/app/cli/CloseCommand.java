package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandServiceGrpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "close", mixinStandardHelpOptions = true,
    description = "Closes an account for good; only at zero balance and not while frozen.")
public final class CloseCommand extends ClientCommand {

  @Parameters(index = "0", description = "Account id")
  String accountId;

  @Option(names = "--expected-version", description = "Refuse (ABORTED) unless the account is at exactly this version")
  Long expectedVersion;

  @Option(names = "--command-id", description = "Idempotency key (default: a new one)")
  String commandId;

  @Override
  Future<String> execute(GrpcCalls calls) {
    CloseAccountRequest.Builder request = CloseAccountRequest.newBuilder()
        .setCommandId(commandId != null ? commandId : newCommandId()).setAccountId(accountId);
    if (expectedVersion != null) {
      request.setExpectedVersion(expectedVersion);
    }
    return calls.unary(CommandServiceGrpcClient.CloseAccount, request.build())
        .map(result -> Format.result("closed " + accountId, result));
  }
}
