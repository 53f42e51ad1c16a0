package ledger.app.cli;

import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuilds an account's view from its events beside the running projection, e.g. to clear a"
        + " degraded view once a release that reads its events is deployed.")
public final class RebuildCommand extends ClientCommand {

  @Option(names = "--account", required = true, description = "The account whose view to rebuild")
  String accountId;

  private final AtomicReference<RebuildProgress> last = new AtomicReference<>();

  @Override
  Future<String> execute(GrpcCalls calls) {
    return calls.serverStream(AdminServiceGrpcClient.RebuildProjection,
            RebuildProjectionRequest.newBuilder().setAccountId(accountId).build(), last::set)
        .map(done -> {
          RebuildProgress progress = last.get();
          if (progress == null || progress.getPhase() != RebuildProgress.Phase.DONE) {
            return "the rebuild ended before it was done";
          }
          return "rebuilt " + accountId + " from " + progress.getEventsReplayed() + " event"
              + (progress.getEventsReplayed() == 1 ? "" : "s") + ": its view is at version " + progress.getVersion();
        });
  }

  @Override
  int exitCode() {
    RebuildProgress progress = last.get();
    return progress != null && progress.getPhase() == RebuildProgress.Phase.DONE ? 0 : REFUSED;
  }
}
