package ledger.grpc;

import java.util.Map;

import io.vertx.grpc.common.GrpcStatus;

/**
 * A failure the caller should see as it is: a gRPC status, a human message and a
 * machine-readable reason (sent as google.rpc.ErrorInfo) with facts in its metadata.
 */
public final class ApiException extends RuntimeException {

  private final GrpcStatus status;
  private final String reason;
  private final Map<String, String> metadata;

  public ApiException(GrpcStatus status, String reason, String message, Map<String, String> metadata) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.metadata = Map.copyOf(metadata);
  }

  public ApiException(GrpcStatus status, String reason, String message) {
    this(status, reason, message, Map.of());
  }

  public GrpcStatus status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public Map<String, String> metadata() {
    return metadata;
  }
}
