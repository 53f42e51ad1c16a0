package ledger.app.client;

import java.util.Map;

import com.google.rpc.ErrorInfo;
import io.vertx.grpc.common.GrpcStatus;
import ledger.grpc.ErrorDetails;

/** A call that ended with a status other than OK, with the server's reason when it gave one. */
public final class GrpcCallException extends RuntimeException {

  private final GrpcStatus status;
  private final ErrorInfo info;

  public GrpcCallException(GrpcStatus status, String message, ErrorInfo info) {
    super(message == null ? status.name() : message, null, false, false);
    this.status = status;
    this.info = info;
  }

  public GrpcStatus status() {
    return status;
  }

  /** The machine-readable reason, or null when the server sent none. */
  public String reason() {
    return info == null ? null : info.getReason();
  }

  public Map<String, String> metadata() {
    return ErrorDetails.metadataOf(info);
  }
}
