package ledger.app;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.grpc.common.GrpcStatus;
import ledger.grpc.ErrorDetails;

/**
 * A gRPC client that sends whatever bytes it is given as a call's body, over a plain Vert.x
 * HTTP client: no codec of its own to refuse them, so the server's deframer and decoder see
 * exactly what a hostile peer would send.
 */
final class RawGrpcClient implements AutoCloseable {

  private final HttpClient http;
  private final int port;

  /** Over HTTP/2, as gRPC runs. */
  RawGrpcClient(Vertx vertx, int port) {
    this(vertx, port, HttpVersion.HTTP_2);
  }

  /** Over HTTP/1.1 too, where only gRPC-web is served. */
  RawGrpcClient(Vertx vertx, int port, HttpVersion version) {
    this.http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false));
    this.port = port;
  }

  /** gRPC's length-prefixed message: the compressed flag, the length, the bytes. */
  static Buffer frame(boolean compressed, byte[] payload) {
    return Buffer.buffer().appendByte((byte) (compressed ? 1 : 0)).appendInt(payload.length).appendBytes(payload);
  }

  /**
   * Sends {@code body} (framed or not) to {@code fullMethod} with a deadline; a server stream counts as
   * answered at its first message and is then cancelled. {@code encoding} null sends no grpc-encoding.
   */
  Future<WireOutcome> call(String fullMethod, boolean serverStream, Buffer body, String encoding, Duration deadline) {
    return call(fullMethod, serverStream, "application/grpc", body, encoding, deadline);
  }

  /** The same with another content type: {@code application/grpc+json}, {@code application/grpc-web+proto}. */
  Future<WireOutcome> call(String fullMethod, boolean serverStream, String contentType, Buffer body, String encoding,
                           Duration deadline) {
    long started = System.nanoTime();
    Promise<WireOutcome> outcome = Promise.promise();
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/" + fullMethod))
        .onFailure(failure -> outcome.tryComplete(WireOutcome.noStatus("request: " + failure, millis(started))))
        .onSuccess(request -> {
          request.putHeader("content-type", contentType).putHeader("te", "trailers")
              .putHeader("grpc-timeout", deadline.toMillis() + "m");
          if (encoding != null) {
            request.putHeader("grpc-encoding", encoding);
          }
          request.exceptionHandler(failure -> outcome.tryComplete(WireOutcome.noStatus(failure.toString(),
              millis(started))));
          request.response().onSuccess(response -> {
            response.exceptionHandler(failure -> outcome.tryComplete(WireOutcome.noStatus(failure.toString(),
                millis(started))));
            response.handler(chunk -> {
              if (serverStream && outcome.tryComplete(WireOutcome.firstMessage(millis(started)))) {
                request.reset();
              }
            });
            response.endHandler(v -> outcome.tryComplete(statusOf(response, started)));
          }).onFailure(failure -> outcome.tryComplete(WireOutcome.noStatus(failure.toString(), millis(started))));
          request.end(body);
        });
    return outcome.future();
  }

  private static WireOutcome statusOf(HttpClientResponse response, long started) {
    MultiMap trailers = response.trailers();
    MultiMap headers = response.headers();
    String code = trailers.get("grpc-status") != null ? trailers.get("grpc-status") : headers.get("grpc-status");
    if (code == null) {
      return WireOutcome.noStatus("HTTP " + response.statusCode() + " without grpc-status", millis(started));
    }
    String message = trailers.get("grpc-message") != null ? trailers.get("grpc-message") : headers.get("grpc-message");
    return WireOutcome.status(GrpcStatus.valueOf(Integer.parseInt(code)),
        message == null ? null : URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8),
        ErrorDetails.read(trailers, headers), millis(started));
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  public void close() {
    http.close();
  }
}
