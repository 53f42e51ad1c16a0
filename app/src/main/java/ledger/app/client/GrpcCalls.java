package ledger.app.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import ledger.grpc.ErrorDetails;

/**
 * Unary calls and server streams with the Vert.x gRPC client, through its request/response
 * API: unlike the generated client it keeps the status message and the ErrorInfo details.
 */
public final class GrpcCalls implements AutoCloseable {

  private final Vertx vertx;
  private final GrpcClient client;
  private final HttpClientOptions tls;
  private final SocketAddress target;
  private final Duration timeout;
  private final String authorization;

  public GrpcCalls(Vertx vertx, SocketAddress target, Duration timeout) {
    this(vertx, target, timeout, null, null);
  }

  /** With {@code transport} null, plaintext HTTP/2; otherwise these options (TLS, client certificate). */
  public GrpcCalls(Vertx vertx, SocketAddress target, Duration timeout, HttpClientOptions transport) {
    this(vertx, target, timeout, transport, null);
  }

  /** Every call sends {@code authorization: Bearer <bearerToken>} unless the token is null or blank. */
  public GrpcCalls(Vertx vertx, SocketAddress target, Duration timeout, String bearerToken) {
    this(vertx, target, timeout, null, bearerToken);
  }

  /** Over {@code transport} (null: plaintext), sending {@code bearerToken} (null: none) with every call. */
  public GrpcCalls(Vertx vertx, SocketAddress target, Duration timeout, HttpClientOptions transport,
      String bearerToken) {
    this.vertx = vertx;
    this.client = transport == null ? GrpcClient.client(vertx) : GrpcClient.client(vertx, transport);
    this.target = target;
    this.timeout = timeout;
    this.tls = transport;
    this.authorization = bearerToken == null || bearerToken.isBlank() ? null : "Bearer " + bearerToken.strip();
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
      authorize(call);
      call.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return call.send(request);
    }).compose(response -> response.last().recover(failure -> Future.failedFuture(toException(response, failure))))
        .recover(this::explained);
  }

  /**
   * A server stream: every message to {@code each}, on the client's event loop, as it comes;
   * completes when the server ends the stream OK. No timeout: a stream may rightly run long.
   *
   * <p>The response's handlers are attached by a listener added before the request is sent:
   * the Vert.x client drops the messages and the end of a response nobody listens to yet, so a
   * listener added to {@code send}'s future by the calling thread, after the fact, could come after
   * a short stream (a rebuild of one account) had already ended, and the call would never complete.
   */
  public <Req, Resp> Future<Void> serverStream(ServiceMethod<Resp, Req> method, Req request, Consumer<Resp> each) {
    return client.request(target, method).compose(call -> {
      authorize(call);
      Promise<Void> ended = Promise.promise();
      call.response().onComplete(answered -> {
        if (answered.failed()) {
          ended.tryFail(answered.cause());
          return;
        }
        GrpcClientResponse<Req, Resp> response = answered.result();
        response.handler(each::accept);
        response.endHandler(done -> {
          if (response.status() == null || response.status() == GrpcStatus.OK) {
            ended.tryComplete();
          } else {
            ended.tryFail(toException(response, null));
          }
        });
        response.exceptionHandler(failure -> ended.tryFail(toException(response, failure)));
      });
      call.end(request).onFailure(ended::tryFail);
      return ended.future();
    }).recover(this::explained);
  }

  /**
   * A failure that is not a call's status, over TLS: what a bare TLS connection meets, when it meets
   * something, since the HTTP/2 client reports a refused client certificate only as a closed connection.
   */
  private <T> Future<T> explained(Throwable failure) {
    if (tls == null || failure instanceof GrpcCallException) {
      return Future.failedFuture(failure);
    }
    return TlsAlertProbe.failureOf(vertx, target, tls).transform(probe -> {
      Throwable reason = probe.succeeded() ? probe.result() : null;
      if (reason == null) {
        return Future.failedFuture(failure);
      }
      reason.addSuppressed(failure);
      return Future.failedFuture(reason);
    });
  }

  private void authorize(GrpcClientRequest<?, ?> call) {
    if (authorization != null) {
      call.headers().set("authorization", authorization);
    }
  }

  private static GrpcCallException toException(GrpcClientResponse<?, ?> response, Throwable failure) {
    GrpcStatus status = response.status();
    if (status == null || status == GrpcStatus.OK) {
      return new GrpcCallException(GrpcStatus.UNKNOWN, failure == null ? "the call ended without a status"
          : failure.getMessage(), null);
    }
    return new GrpcCallException(status, statusMessage(response),
        ErrorDetails.read(response.trailers(), response.headers()));
  }

  /**
   * The status message; read from the trailers when the client has not (it leaves it null when
   * a stream fails after its first messages).
   */
  private static String statusMessage(GrpcClientResponse<?, ?> response) {
    String message = response.statusMessage();
    if (message != null) {
      return message;
    }
    String sent = response.trailers() == null ? null : response.trailers().get("grpc-message");
    return sent == null ? null : percentDecoded(sent);
  }

  /** grpc-message is percent-encoded UTF-8 (the gRPC HTTP/2 protocol); '+' is itself. */
  private static String percentDecoded(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
  }
}
