package ledger.command;

import java.util.Map;

import com.google.rpc.ErrorInfo;
import io.vertx.grpc.common.GrpcStatus;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/** What a client saw: a CommandResult, or a status with its message and ErrorInfo. */
record Reply(CommandResult result, GrpcStatus status, String message, ErrorInfo info) {

  static Reply ok(CommandResult result) {
    return new Reply(result, GrpcStatus.OK, null, null);
  }

  boolean accepted() {
    return status == GrpcStatus.OK;
  }

  String reason() {
    return info == null ? null : info.getReason();
  }

  Map<String, String> metadata() {
    return info == null ? Map.of() : info.getMetadataMap();
  }

  /** The version the result names for the account; fails when it names none. */
  long versionOf(String account) {
    if (result == null) {
      throw new AssertionError("no result in " + this);
    }
    return result.getVersionsList().stream()
        .filter(v -> v.getAccountId().equals(account))
        .mapToLong(StreamVersion::getVersion)
        .findFirst()
        .orElseThrow(() -> new AssertionError("result names no version of " + account + ": " + this));
  }

  @Override
  public String toString() {
    return accepted()
        ? "OK " + result.toString().replace('\n', ' ')
        : status.name() + " " + reason() + " " + metadata() + " \"" + message + "\"";
  }
}
