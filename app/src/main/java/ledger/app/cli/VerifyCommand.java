package ledger.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.FieldDifference;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifySummary;
import ledger.v1.ViewDifference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Audits the balance views against a replay of the event store; exits 4 on any difference.")
public final class VerifyCommand extends ClientCommand {

  /** The audit ran and found views that are not what their events say. */
  static final int DIFFERENCES = 4;

  @Option(names = "--account", description = "Audit this account only")
  String accountId;

  private final AtomicReference<VerifySummary> summary = new AtomicReference<>();

  @Override
  Future<String> execute(GrpcCalls calls) {
    PrintWriter out = spec.commandLine().getOut();
    VerifyProjectionRequest.Builder request = VerifyProjectionRequest.newBuilder();
    if (accountId != null) {
      request.setAccountId(accountId);
    }
    return calls.serverStream(AdminServiceGrpcClient.VerifyProjection, request.build(), update -> {
      if (update.hasDifference()) {
        out.println(describe(update.getDifference()));
        out.flush();
      } else if (update.hasSummary()) {
        summary.set(update.getSummary());
      }
    }).map(done -> conclusion());
  }

  @Override
  int exitCode() {
    return summary.get() != null && summary.get().getDifferences() == 0 ? 0 : DIFFERENCES;
  }

  private String conclusion() {
    VerifySummary tally = summary.get();
    if (tally == null) {
      return "the audit ended without a summary: it did not finish";
    }
    return "verified " + count(tally.getAccountsChecked(), "account") + " and " + count(tally.getEventsReplayed(), "event")
        + " against the event store: "
        + (tally.getDifferences() == 0 ? "no differences"
        : count(tally.getDifferences(), "view") + (tally.getDifferences() == 1 ? " differs" : " differ"));
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String describe(ViewDifference difference) {
    StringBuilder text = new StringBuilder(difference.getKind() + " " + difference.getAccountId() + ": "
        + difference.getDetail());
    for (FieldDifference field : difference.getFieldsList()) {
      text.append("\n  ").append(field.getField()).append(": view ").append(field.getView())
          .append(", events ").append(field.getExpected());
    }
    return text.toString();
  }
}
