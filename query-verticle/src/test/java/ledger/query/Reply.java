package ledger.query;

import java.util.Map;

import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.vertx.grpc.common.GrpcStatus;
import ledger.v1.Balance;
import ledger.v1.GetHistoryResponse;

/** What a client saw, and after how long: a response message, or a status with its message and ErrorInfo. */
record Reply(Message value, GrpcStatus status, String message, ErrorInfo info, long elapsedMillis) {

  static Reply ok(Message value, long elapsedMillis) {
    return new Reply(value, GrpcStatus.OK, null, null, elapsedMillis);
  }

  boolean answered() {
    return status == GrpcStatus.OK;
  }

  /** The answer of GetBalance or GetBalanceAt; null when the call did not answer. */
  Balance balance() {
    return (Balance) value;
  }

  /** The answer of GetHistory; fails when the call did not answer. */
  GetHistoryResponse history() {
    if (!answered()) {
      throw new AssertionError("expected a history page, got " + this);
    }
    return (GetHistoryResponse) value;
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
    return balance().getVersion();
  }

  @Override
  public String toString() {
    return (answered()
        ? "OK " + value.getClass().getSimpleName() + " " + value.toString().replace('\n', ' ')
        : status.name() + " " + reason() + " " + metadata() + " \"" + message + "\"")
        + " after " + elapsedMillis + " ms";
  }
}
