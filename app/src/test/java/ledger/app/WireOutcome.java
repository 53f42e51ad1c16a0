package ledger.app;

import com.google.rpc.ErrorInfo;
import io.vertx.grpc.common.GrpcStatus;

/**
 * How one call with a hostile body ended, as its client saw it on the wire: a gRPC status (with its
 * description and ErrorInfo), a first response message of a stream, or no status at all (the
 * stream reset, the connection dropped, an HTTP error), which {@link #transport} then describes.
 */
record WireOutcome(GrpcStatus status, String description, ErrorInfo info, boolean answered, String transport,
                   long elapsedMillis) {

  static WireOutcome status(GrpcStatus status, String description, ErrorInfo info, long elapsedMillis) {
    return new WireOutcome(status, description, info, status == GrpcStatus.OK, null, elapsedMillis);
  }

  /** A server stream's first message: the call was served; the client then cancelled it. */
  static WireOutcome firstMessage(long elapsedMillis) {
    return new WireOutcome(GrpcStatus.OK, null, null, true, null, elapsedMillis);
  }

  static WireOutcome noStatus(String transport, long elapsedMillis) {
    return new WireOutcome(null, null, null, false, transport, elapsedMillis);
  }

  String reason() {
    return info == null ? null : info.getReason();
  }

  @Override
  public String toString() {
    if (status == null) {
      return "no gRPC status (" + transport + ") after " + elapsedMillis + " ms";
    }
    return status.name() + (info == null ? "" : " " + info.getReason() + " " + info.getMetadataMap())
        + (description == null ? "" : " \"" + description + "\"") + " after " + elapsedMillis + " ms";
  }
}
