package ledger.app.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {"Rebuilds the views from the event store beside the running projection. Without --account:"
        + " every view, as a new generation that queries switch to once it has caught up (they read the live one"
        + " meanwhile), with a progress bar on a terminal and progress lines otherwise; any projection process"
        + " takes it, and every partition is rebuilt by its own writer, wherever it runs. With --account: that"
        + " account's view, e.g. to clear a degraded view once a release that reads its events is deployed."})
public final class RebuildCommand extends ClientCommand {

  @Option(names = "--account", description = "Rebuild this account's view only")
  String accountId;

  @Option(names = "--max-minutes", defaultValue = "120",
      description = "How long a full rebuild may take before this command stops following it (it goes on in the"
          + " writer; default: ${DEFAULT-VALUE}).")
  long maxMinutes;

  private final AtomicReference<RebuildProgress> last = new AtomicReference<>();

  @Override
  Duration callTimeout() {
    return accountId == null ? Duration.ofMinutes(maxMinutes) : super.callTimeout();
  }

  @Override
  Future<String> execute(GrpcCalls calls) {
    if (accountId == null) {
      RebuildDisplay display = new RebuildDisplay(spec.commandLine().getOut(), System.console() != null);
      return calls.serverStream(AdminServiceGrpcClient.RebuildProjection, RebuildProjectionRequest.getDefaultInstance(),
              progress -> {
                last.set(progress);
                display.show(progress);
              })
          .map(done -> display.summary(last.get()));
    }
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
