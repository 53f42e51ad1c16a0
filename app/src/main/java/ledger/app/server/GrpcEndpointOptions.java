package ledger.app.server;

import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcProtocol;
import io.vertx.grpc.server.GrpcServerOptions;

/** The gRPC endpoint's server settings; the load tests' ceiling server uses the same ones. */
public final class GrpcEndpointOptions {

  /**
   * A call's metadata, as HTTP/2 counts it. Vert.x's default of 8 KiB is less than a bearer token
   * may be (8192 characters, {@code JwtCallGates}): a token of 8 KB broke the call with an HTTP/2
   * error (grpc-java: INTERNAL "http2 exception") instead of being served or refused TOKEN_INVALID.
   * Issuers that list a caller's groups or roles in the token make tokens that large.
   */
  static final long MAX_HEADER_LIST_BYTES = 16 * 1024;

  private GrpcEndpointOptions() {
  }

  /** With the default limit of a request message's size. */
  public static GrpcServerOptions grpc() {
    return grpc(LimitSettings.defaults().maxMessageBytes());
  }

  /**
   * A larger message is skipped unread by the server's deframer and refused by {@code Rpc}; the services'
   * {@code Rpc} must be given the same limit, which also caps what a gzip-compressed message inflates to.
   */
  public static GrpcServerOptions grpc(long maxMessageBytes) {
    return new GrpcServerOptions()
        .setScheduleDeadlineAutomatically(true)
        .setMaxMessageSize(maxMessageBytes)
        // gRPC over HTTP/2 only: the ledger offers nothing else, and vertx-grpc 5.0.7's gRPC-web-text
        // reader throws on a body that is not base64 and leaves the call hanging (HostileInputIT).
        // Other content types are answered HTTP 415 at once.
        .removeEnabledProtocol(GrpcProtocol.WEB)
        .removeEnabledProtocol(GrpcProtocol.WEB_TEXT)
        .removeEnabledProtocol(GrpcProtocol.TRANSCODING);
  }

  /** With the default limit of concurrent calls per connection. */
  public static HttpServerOptions http(String host, int port) {
    return http(host, port, ServerConfig.defaults().maxConcurrentStreams());
  }

  /**
   * {@code maxConcurrentStreams} is advertised to each client in the connection's first
   * SETTINGS frame. Vert.x's default of 100 would let a client's 100 open StreamBalance calls
   * hold back every further call on that connection, unary ones included, until their deadline.
   */
  public static HttpServerOptions http(String host, int port, int maxConcurrentStreams) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setHttp2ClearTextEnabled(true)
        // Clients end balance streams by cancelling them; the default guard against the
        // HTTP/2 "rapid reset" attack (200 per 30 s) would cut such a client off. 10,000 per
        // 30 s still stops an attack, which sends that many in a fraction of a second.
        .setHttp2RstFloodMaxRstFramePerWindow(10_000)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(maxConcurrentStreams)
            .setMaxHeaderListSize(MAX_HEADER_LIST_BYTES));
  }
}
