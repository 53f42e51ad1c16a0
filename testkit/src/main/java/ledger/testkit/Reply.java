package ledger.testkit;

import java.util.Map;

import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.vertx.grpc.common.GrpcStatus;

/**
 * What a gRPC client saw of one unary call, and after how long: the response message, or a
 * status with its message and the ErrorInfo of grpc-status-details-bin.
 */
public record Reply<T extends Message>(T value, GrpcStatus status, String message, ErrorInfo info,
                                       long elapsedMillis) {

  public static <T extends Message> Reply<T> answer(T value, long elapsedMillis) {
    return new Reply<>(value, GrpcStatus.OK, null, null, elapsedMillis);
  }

  public static <T extends Message> Reply<T> refusal(GrpcStatus status, String message, ErrorInfo info,
                                                     long elapsedMillis) {
    if (status == null || status == GrpcStatus.OK) {
      throw new AssertionError("a call failed without a gRPC status: " + status + " \"" + message + "\"");
    }
    return new Reply<>(null, status, message, info, elapsedMillis);
  }

  public boolean ok() {
    return status == GrpcStatus.OK;
  }

  /** The response; fails the test when the call was refused. */
  public T answer() {
    if (!ok()) {
      throw new AssertionError("expected an answer, got " + this);
    }
    return value;
  }

  public String reason() {
    return info == null ? null : info.getReason();
  }

  public Map<String, String> metadata() {
    return info == null ? Map.of() : info.getMetadataMap();
  }

  @Override
  public String toString() {
    return (ok()
        ? "OK " + value.getClass().getSimpleName() + " " + value.toString().replace('\n', ' ')
        : status.name() + " " + reason() + " " + metadata() + " \"" + message + "\"")
        + " after " + elapsedMillis + " ms";
  }
}
