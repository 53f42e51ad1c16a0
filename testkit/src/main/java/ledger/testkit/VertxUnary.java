package ledger.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.ServiceMethod;
import ledger.grpc.ErrorDetails;

/**
 * Unary calls through the Vert.x gRPC client's request/response API, which (unlike the
 * generated client) keeps the status message and the grpc-status-details-bin ErrorInfo.
 * A deadline is sent as grpc-timeout only: this client schedules nothing itself, so
 * whatever ends a call at its deadline is the server. Calls share one HTTP/2 connection.
 */
public final class VertxUnary implements AutoCloseable {

  private final GrpcClient client;
  private final SocketAddress target;

  public VertxUnary(Vertx vertx, int port) {
    this.client = GrpcClient.client(vertx);
    this.target = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  /** Starts a call from any thread; a null deadline sends none. */
  public <Req, Resp extends Message> Future<Reply<Resp>> call(ServiceMethod<Resp, Req> method, Req request,
                                                               Duration deadline) {
    long started = System.nanoTime();
    return client.request(target, method)
        .compose(call -> {
          if (deadline != null) {
            call.timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
          }
          return call.send(request);
        })
        .compose(response -> response.last().transform(done -> Future.succeededFuture(done.succeeded()
            ? Reply.answer(done.result(), Elapsed.millisSince(started))
            : refusal(response, Elapsed.millisSince(started)))));
  }

  private static <Resp extends Message> Reply<Resp> refusal(GrpcClientResponse<?, Resp> response,
                                                            long elapsedMillis) {
    return Reply.refusal(response.status(), response.statusMessage(),
        ErrorDetails.read(response.trailers(), response.headers()), elapsedMillis);
  }

  @Override
  public void close() {
    Waits.await(client.close());
  }
}
