package ledger.grpc;

import java.util.EnumSet;
import java.util.Set;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

/**
 * The server span of a call. Vert.x's tracer (vertx-opentelemetry) starts one per HTTP/2 stream,
 * its parent taken from the caller's {@code traceparent} header, names it after the HTTP method
 * and ends it when the stream closes; vertx-grpc-server 5.0.7 adds nothing. Here it gets the
 * RPC's name and attributes (OpenTelemetry's RPC conventions) and, before the answer, its status.
 */
final class RpcSpans {

  /** The codes that mean the server failed (OpenTelemetry's gRPC conventions); others are the caller's. */
  private static final Set<GrpcStatus> SERVER_ERRORS = EnumSet.of(GrpcStatus.UNKNOWN, GrpcStatus.DEADLINE_EXCEEDED,
      GrpcStatus.UNIMPLEMENTED, GrpcStatus.INTERNAL, GrpcStatus.UNAVAILABLE, GrpcStatus.DATA_LOSS);

  private RpcSpans() {
  }

  /**
   * The call's trace when tracing is on (null when off, nothing captured): the current context,
   * which holds Vert.x's server span, now named after the RPC.
   */
  static Context named(Tracing tracing, ServiceMethod<?, ?> method) {
    if (!tracing.on()) {
      return null;
    }
    Context current = Context.current();
    Span span = Span.fromContext(current);
    String service = method.serviceName().fullyQualifiedName();
    span.updateName(service + "/" + method.methodName());
    span.setAttribute("rpc.system", "grpc");
    span.setAttribute("rpc.service", service);
    span.setAttribute("rpc.method", method.methodName());
    return current;
  }

  /** The call with its trace, which learns the call's correlation id (the {@code x-request-id} of the logs). */
  static CallContext traced(Context trace, CallContext context) {
    if (trace == null) {
      return context;
    }
    Span.fromContext(trace).setAttribute("ledger.correlation_id", context.correlationId());
    return context.withTrace(trace);
  }

  static void status(CallContext context, GrpcStatus status) {
    if (context.trace() == null) {
      return;
    }
    Span span = Span.fromContext(context.trace());
    span.setAttribute("rpc.grpc.status_code", status.code);
    if (SERVER_ERRORS.contains(status)) {
      span.setStatus(StatusCode.ERROR, status.name());
    }
  }
}
