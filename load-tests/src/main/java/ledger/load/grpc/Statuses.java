package ledger.load.grpc;

import java.io.IOException;
import java.net.ConnectException;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcError;
import io.vertx.grpc.common.GrpcErrorException;
import io.vertx.grpc.common.GrpcStatus;

/** The gRPC status a client-side failure stands for. */
public final class Statuses {

  private Statuses() {
  }

  public static GrpcStatus of(Throwable failure) {
    if (failure instanceof GrpcErrorException e) {
      return e.status();
    }
    if (failure instanceof InvalidStatusException e) {
      return e.actualStatus();
    }
    if (failure instanceof StreamResetException e) {
      GrpcError error = GrpcError.mapHttp2ErrorCode(e.getCode());
      return error == null ? GrpcStatus.UNKNOWN : error.status;
    }
    if (failure instanceof ConnectException || failure instanceof HttpClosedException
        || failure instanceof IOException) {
      return GrpcStatus.UNAVAILABLE;
    }
    return GrpcStatus.UNKNOWN;
  }

  public static String message(Throwable failure) {
    String m = failure.getMessage();
    return m == null ? failure.getClass().getSimpleName() : m;
  }
}
