package ledger.app.cli;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.grpc.ProtoTime;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OldestTransaction;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;
import ledger.v1.ProjectionWriter;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows where the projection stands: checkpoint, head, lag, the active writer and the oldest"
        + " transaction holding the tail back; exits 5 when a partition has no active writer.")
public final class StatusCommand extends ClientCommand {

  /** A partition has no writer: its views are not being updated. */
  static final int NO_WRITER = 5;

  private boolean writerMissing;

  @Override
  Future<String> execute(GrpcCalls calls) {
    return calls.unary(AdminServiceGrpcClient.GetProjectionStatus, GetProjectionStatusRequest.getDefaultInstance())
        .map(this::describe);
  }

  @Override
  int exitCode() {
    return writerMissing ? NO_WRITER : 0;
  }

  private String describe(ProjectionStatus status) {
    List<String> lines = new ArrayList<>();
    for (PartitionStatus partition : status.getPartitionsList()) {
      lines.add("partition " + partition.getPartition() + ": " + lag(partition) + " (checkpoint "
          + partition.getCheckpoint() + ", head " + partition.getHeadPosition()
          + (partition.getGeneration() > 0 ? ", view generation " + partition.getGeneration() : "")
          + (partition.getRebuildingGeneration() > 0 ? ", rebuilding generation " + partition.getRebuildingGeneration()
              : "") + ")");
      if (partition.hasActiveWriter()) {
        lines.add("  writer: " + writer(partition.getActiveWriter()));
      } else {
        writerMissing = true;
        lines.add("  writer: none: no projection process holds this partition's lock, so its views do not move");
      }
      if (partition.getDegradedCount() > 0) {
        lines.add("  degraded: " + partition.getDegradedCount() + " account" + (partition.getDegradedCount() == 1 ? "" : "s")
            + " held at an event this release cannot read: " + String.join(", ", partition.getDegradedAccountsList())
            + (partition.getDegradedCount() > partition.getDegradedAccountsCount() ? ", …" : "")
            + " (deploy a release that reads it, then ./ledger rebuild --account ID)");
      }
    }
    lines.add("oldest transaction: " + (status.hasOldestTransaction() ? transaction(status.getOldestTransaction())
        : "none open"));
    return String.join("\n", lines);
  }

  private static String lag(PartitionStatus partition) {
    if (partition.getLagEvents() == 0) {
      return "caught up at position " + partition.getCheckpointPosition();
    }
    String behind = (partition.getLagEventsCapped() ? "at least " : "") + partition.getLagEvents() + " event"
        + (partition.getLagEvents() == 1 ? "" : "s") + " behind, the oldest recorded " + seconds(partition.getLagMs())
        + " ago";
    return partition.getHeldEvents() == 0 ? behind
        : behind + ", " + partition.getHeldEvents() + " held back by the oldest transaction";
  }

  private static String writer(ProjectionWriter writer) {
    return "pid " + writer.getPid()
        + (writer.getApplicationName().isEmpty() ? "" : " (" + writer.getApplicationName() + ")")
        + (writer.getClientAddress().isEmpty() ? "" : " from " + writer.getClientAddress())
        + ", connected since " + ProtoTime.instant(writer.getSince());
  }

  private static String transaction(OldestTransaction transaction) {
    String who = transaction.getPid() != 0 ? "pid " + transaction.getPid()
        : "prepared transaction '" + transaction.getPreparedGid() + "'";
    List<String> facts = new ArrayList<>();
    if (!transaction.getApplicationName().isEmpty()) {
      facts.add(transaction.getApplicationName());
    }
    if (!transaction.getRole().isEmpty()) {
      facts.add("role " + transaction.getRole());
    }
    if (!transaction.getDatabase().isEmpty()) {
      facts.add("database " + transaction.getDatabase());
    }
    return who + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")")
        + (transaction.getState().isEmpty() ? "" : ", " + transaction.getState())
        + (transaction.hasSince() ? ", open " + seconds(transaction.getAgeMs()) : "");
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }
}
