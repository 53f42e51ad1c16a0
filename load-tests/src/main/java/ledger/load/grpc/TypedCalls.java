package ledger.load.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import ledger.app.client.GrpcCallException;
import ledger.grpc.ErrorDetails;

/**
 * Unary calls with the generated message classes over a chosen connection, for the Java
 * scenarios. A call that does not end OK fails with a {@link GrpcCallException} carrying
 * the server's status and message.
 */
public final class TypedCalls {

  private final SocketAddress target;
  private final long timeoutMillis;

  public TypedCalls(SocketAddress target, Duration timeout) {
    this.target = target;
    this.timeoutMillis = timeout.toMillis();
  }

  public <Req, Resp> Future<Resp> unary(Connections.Connection connection, ServiceMethod<Resp, Req> method, Req request) {
    return connection.client().request(target, method)
        .compose(call -> {
          call.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
          return call.send(request);
        })
        .compose(response -> response.last().recover(failure -> Future.failedFuture(failed(response, failure))))
        .recover(failure -> Future.failedFuture(failure instanceof GrpcCallException ? failure
            : new GrpcCallException(Statuses.of(failure), Statuses.message(failure), null)))
        .timeout(timeoutMillis + 1_000, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(failure instanceof GrpcCallException ? failure
            : new GrpcCallException(GrpcStatus.DEADLINE_EXCEEDED, "no answer within " + timeoutMillis + " ms", null)));
  }

  private static GrpcCallException failed(GrpcClientResponse<?, ?> response, Throwable failure) {
    GrpcStatus status = response.status();
    if (status == null || status == GrpcStatus.OK) {
      return new GrpcCallException(Statuses.of(failure), Statuses.message(failure), null);
    }
    return new GrpcCallException(status, response.statusMessage(), ErrorDetails.read(response.trailers(), response.headers()));
  }

  /** The status of a failed call, whatever failed it. */
  public static GrpcStatus statusOf(Throwable failure) {
    return failure instanceof GrpcCallException e ? e.status() : Statuses.of(failure);
  }
}
