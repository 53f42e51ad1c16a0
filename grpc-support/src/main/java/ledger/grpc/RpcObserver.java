package ledger.grpc;

import io.vertx.grpc.common.GrpcStatus;

/** Told about every finished call, for metrics. Must be cheap and thread-safe. */
@FunctionalInterface
public interface RpcObserver {

  RpcObserver NONE = (method, status, nanos) -> { };

  void completed(String method, GrpcStatus status, long nanos);
}
