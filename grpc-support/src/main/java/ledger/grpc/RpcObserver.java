package ledger.grpc;

import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.Reason;

/** Told about every finished call, for metrics. Must be cheap and thread-safe. */
@FunctionalInterface
public interface RpcObserver {

  RpcObserver NONE = (method, status, nanos) -> { };

  void completed(String method, GrpcStatus status, long nanos);

  /**
   * A call was answered with an error: its status and the reason it carried (the status alone
   * lumps reasons together, e.g. four limits under RESOURCE_EXHAUSTED). Called before
   * {@link #completed} for the same call.
   */
  default void failed(String method, GrpcStatus status, Reason reason) {
  }
}
