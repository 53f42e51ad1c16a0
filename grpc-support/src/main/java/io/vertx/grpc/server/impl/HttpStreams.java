package io.vertx.grpc.server.impl;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.server.GrpcServerRequest;

/**
 * The HTTP/2 response under a gRPC call, for the one thing vertx-grpc 5.0.7 does not offer: resetting
 * a stream whose trailers were already queued. {@code GrpcServerResponse.cancel()} does nothing once
 * {@code end()} was called, yet the trailers of a call whose client stopped reading wait behind the
 * DATA frames it has not taken, and would hold the stream for as long as the connection lives. Lives in
 * vertx-grpc's own package because the request's HTTP request is package-private there; compiled against
 * 5.0.7, so a version that moves it fails the build, not a call.
 */
public final class HttpStreams {

  private HttpStreams() {
  }

  public static HttpServerResponse httpResponse(GrpcServerRequest<?, ?> request) {
    return ((GrpcServerRequestImpl<?, ?>) request).httpRequest.response();
  }
}
