package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.FreezeAccountRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "freeze", mixinStandardHelpOptions = true,
    description = "Freezes an account: no debit and no credit until it is unfrozen.")
public final class FreezeCommand extends LifecycleCommand {

  @Option(names = "--reason", defaultValue = "", description = "Why, kept with the event")
  String reason;

  @Override
  Future<String> execute(GrpcCalls calls) {
    FreezeAccountRequest.Builder request = FreezeAccountRequest.newBuilder()
        .setCommandId(commandId()).setAccountId(accountId).setReason(reason);
    if (expectedVersion != null) {
      request.setExpectedVersion(expectedVersion);
    }
    return calls.unary(CommandServiceGrpcClient.FreezeAccount, request.build())
        .map(result -> Format.result("froze " + accountId, result));
  }
}
