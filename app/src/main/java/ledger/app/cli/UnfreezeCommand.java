package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.UnfreezeAccountRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unfreeze", mixinStandardHelpOptions = true, description = "Lets a frozen account move money again.")
public final class UnfreezeCommand extends LifecycleCommand {

  @Option(names = "--reason", defaultValue = "", description = "Why, kept with the event")
  String reason;

  @Override
  Future<String> execute(GrpcCalls calls) {
    UnfreezeAccountRequest.Builder request = UnfreezeAccountRequest.newBuilder()
        .setCommandId(commandId()).setAccountId(accountId).setReason(reason);
    if (expectedVersion != null) {
      request.setExpectedVersion(expectedVersion);
    }
    return calls.unary(CommandServiceGrpcClient.UnfreezeAccount, request.build())
        .map(result -> Format.result("unfroze " + accountId, result));
  }
}
