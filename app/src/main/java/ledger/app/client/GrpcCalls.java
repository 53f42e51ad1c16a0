package ledger.app.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import ledger.grpc.ErrorDetails;

/**
 * Unary calls with the Vert.x gRPC client, through its request/response API: unlike the
 * generated client it keeps the status message and the ErrorInfo details.
 */
public final class GrpcCalls implements AutoCloseable {

  private final GrpcClient client;
  private final SocketAddress target;
  private final Duration timeout;

  public GrpcCalls(Vertx vertx, SocketAddress target, Duration timeout) {
    this.client = GrpcClient.client(vertx);
    this.target = target;
    this.timeout = timeout;
  }

  public static SocketAddress parseTarget(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new IllegalArgumentException("target must be host:port, got " + target);
    }
    return SocketAddress.inetSocketAddress(Integer.parseInt(target.substring(colon + 1)), target.substring(0, colon));
  }

  public <Req, Resp> Future<Resp> unary(ServiceMethod<Resp, Req> method, Req request) {
    return client.request(target, method).compose(call -> {
      call.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return call.send(request);
    }).compose(response -> response.last().recover(failure -> Future.failedFuture(toException(response, failure))));
  }

  private static GrpcCallException toException(GrpcClientResponse<?, ?> response, Throwable failure) {
    GrpcStatus status = response.status();
    if (status == null || status == GrpcStatus.OK) {
      return new GrpcCallException(GrpcStatus.UNKNOWN, failure.getMessage(), null);
    }
    return new GrpcCallException(status, response.statusMessage(),
        ErrorDetails.read(response.trailers(), response.headers()));
  }

  @Override
  public void close() {
    client.close();
  }
}
