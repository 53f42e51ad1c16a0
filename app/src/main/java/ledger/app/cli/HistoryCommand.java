package ledger.app.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.grpc.ProtoTime;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.HistoryEntry;
import ledger.v1.QueryServiceGrpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Shows an account's events, oldest first, from the event store.")
public final class HistoryCommand extends ClientCommand {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);
  private static final String ROW = "%7s  %-23s  %-16s  %14s  %14s  %s";

  @Parameters(index = "0", description = "Account id")
  String accountId;

  @Option(names = "--from-version", defaultValue = "1", description = "First version to show (default: ${DEFAULT-VALUE})")
  long fromVersion;

  @Option(names = "--page-size", defaultValue = "100", description = "Events per page, at most 1000 (default: ${DEFAULT-VALUE})")
  int pageSize;

  @Option(names = "--all", description = "Fetch every page instead of stopping after the first")
  boolean all;

  @Override
  Future<String> execute(GrpcCalls calls) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(ROW, "VERSION", "RECORDED (UTC)", "EVENT", "AMOUNT", "BALANCE", "DETAIL"));
    return page(calls, GetHistoryRequest.newBuilder().setAccountId(accountId).setFromVersion(fromVersion)
        .setPageSize(pageSize).build(), lines).map(v -> String.join("\n", lines));
  }

  private Future<Void> page(GrpcCalls calls, GetHistoryRequest request, List<String> lines) {
    return calls.unary(QueryServiceGrpcClient.GetHistory, request).compose(response -> {
      response.getEventsList().forEach(entry -> lines.add(row(entry)));
      if (response.getNextPageToken().isEmpty()) {
        return Future.succeededFuture();
      }
      if (all) {
        return page(calls, request.toBuilder().setPageToken(response.getNextPageToken()).build(), lines);
      }
      lines.add("... more: ledger history " + accountId + " --from-version " + next(response) + " (or --all)");
      return Future.succeededFuture();
    });
  }

  private static long next(GetHistoryResponse response) {
    return response.getEvents(response.getEventsCount() - 1).getVersion() + 1;
  }

  private static String row(HistoryEntry entry) {
    Instant recorded = ProtoTime.instant(entry.getRecordedAt());
    String amount = entry.getDeltaMinor() == 0 ? ""
        : (entry.getDeltaMinor() > 0 ? "+" : "-") + Format.amount(entry.getAmountMinor(), entry.getCurrency());
    return String.format(ROW, entry.getVersion(), WHEN.format(recorded), entry.getEventType(), amount,
        Format.amount(entry.getBalanceAfterMinor(), entry.getCurrency()), detail(entry)).stripTrailing();
  }

  private static String detail(HistoryEntry entry) {
    List<String> parts = new ArrayList<>();
    switch (entry.getEventType()) {
      case "AccountOpened" -> parts.add("opened in " + entry.getCurrency());
      case "TransferSent" -> parts.add("to " + entry.getCounterpartyAccountId());
      case "TransferReceived" -> parts.add("from " + entry.getCounterpartyAccountId());
      case "AccountFrozen", "AccountUnfrozen", "AccountClosed" -> parts.add("now " + entry.getStatusAfter());
      default -> { }
    }
    if (!entry.getReference().isEmpty()) {
      parts.add(entry.getReference());
    }
    if (!entry.getReason().isEmpty()) {
      parts.add(entry.getReason());
    }
    return String.join(": ", parts);
  }
}
