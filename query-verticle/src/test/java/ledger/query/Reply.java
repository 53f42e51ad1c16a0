package ledger.query;

import java.util.Map;

import com.google.rpc.ErrorInfo;
import io.vertx.grpc.common.GrpcStatus;
import ledger.v1.Balance;

/** What a client saw, and after how long: a Balance, or a status with its message and ErrorInfo. */
record Reply(Balance balance, GrpcStatus status, String message, ErrorInfo info, long elapsedMillis) {

  static Reply ok(Balance balance, long elapsedMillis) {
    return new Reply(balance, GrpcStatus.OK, null, null, elapsedMillis);
  }

  boolean answered() {
    return status == GrpcStatus.OK;
  }

  String reason() {
    return info == null ? null : info.getReason();
  }

  Map<String, String> metadata() {
    return info == null ? Map.of() : info.getMetadataMap();
  }

  /** The balance's version; fails when the call did not answer. */
  long version() {
    if (!answered()) {
      throw new AssertionError("expected a balance, got " + this);
    }
    return balance.getVersion();
  }

  @Override
  public String toString() {
    return (answered()
        ? "OK " + balance.toString().replace('\n', ' ')
        : status.name() + " " + reason() + " " + metadata() + " \"" + message + "\"") + " after " + elapsedMillis + " ms";
  }
}
