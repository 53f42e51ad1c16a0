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
    description = {"Shows an account's events, oldest first, from the event store.",
        "A BY column names who asked for each event's command (the caller's authenticated subject; - when"
            + " anonymous) once any event shown has one."})
public final class HistoryCommand extends ClientCommand {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);
  private static final String ROW = "%7s  %-23s  %-16s  %14s  %14s  %s%s";

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
    List<HistoryEntry> entries = new ArrayList<>();
    return page(calls, GetHistoryRequest.newBuilder().setAccountId(accountId).setFromVersion(fromVersion)
        .setPageSize(pageSize).build(), entries).map(more -> table(entries, more));
  }

  /** Every entry of the pages asked for; the hint to the next page if there is one left, else null. */
  private Future<String> page(GrpcCalls calls, GetHistoryRequest request, List<HistoryEntry> entries) {
    return calls.unary(QueryServiceGrpcClient.GetHistory, request).compose(response -> {
      entries.addAll(response.getEventsList());
      if (response.getNextPageToken().isEmpty()) {
        return Future.succeededFuture();
      }
      if (all) {
        return page(calls, request.toBuilder().setPageToken(response.getNextPageToken()).build(), entries);
      }
      return Future.succeededFuture("... more: ledger history " + accountId + " --from-version " + next(response)
          + " (or --all)");
    });
  }

  private static String table(List<HistoryEntry> entries, String more) {
    Who who = Who.of(entries);
    List<String> lines = new ArrayList<>();
    lines.add(String.format(ROW, "VERSION", "RECORDED (UTC)", "EVENT", "AMOUNT", "BALANCE", who.header(), "DETAIL"));
    entries.forEach(entry -> lines.add(row(entry, who)));
    if (more != null) {
      lines.add(more);
    }
    return String.join("\n", lines);
  }

  private static long next(GetHistoryResponse response) {
    return response.getEvents(response.getEventsCount() - 1).getVersion() + 1;
  }

  private static String row(HistoryEntry entry, Who who) {
    Instant recorded = ProtoTime.instant(entry.getRecordedAt());
    String amount = entry.getDeltaMinor() == 0 ? ""
        : (entry.getDeltaMinor() > 0 ? "+" : "-") + Format.amount(entry.getAmountMinor(), entry.getCurrency());
    return String.format(ROW, entry.getVersion(), WHEN.format(recorded), entry.getEventType(), amount,
        Format.amount(entry.getBalanceAfterMinor(), entry.getCurrency()), who.cell(entry), detail(entry))
        .stripTrailing();
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
