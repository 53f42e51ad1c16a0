package ledger.grpc;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.impl.HttpStreams;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds RPC bodies to raw gRPC handlers. Raw, because the generated stubs can neither
 * set the {@code grpc-status-details-bin} trailer nor report every failure as a status:
 * here every outcome reaches the caller as OK or a precise status with an ErrorInfo,
 * and anything unforeseen becomes INTERNAL with a correlation id in the log, never UNKNOWN.
 */
public final class Rpc {

  /** A caller may name its request; otherwise one is made up. Either way it is logged and stored. */
  public static final String REQUEST_ID_HEADER = "x-request-id";

  private static final Logger LOG = LoggerFactory.getLogger(Rpc.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** The largest request message a server accepts unless told otherwise (4 MiB, grpc-java's default too). */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = RequestDecoder.DEFAULT_MAX_BYTES;

  private final ErrorTranslator translator;
  private final RpcObserver observer;
  private final CallGate gate;
  private final CallLimits limits;
  private final long maxMessageBytes;
  private final Tracing tracing;

  /** Every call admitted (authentication off). */
  public Rpc(ErrorTranslator translator, RpcObserver observer) {
    this(translator, observer, CallGate.OPEN, CallLimits.NONE, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /**
   * {@code maxMessageBytes} must be the gRPC server's own limit ({@code GrpcServerOptions.setMaxMessageSize}):
   * the server measures a message as sent, this binding what a gzip-compressed one inflates to.
   */
  public Rpc(ErrorTranslator translator, RpcObserver observer, long maxMessageBytes) {
    this(translator, observer, CallGate.OPEN, CallLimits.NONE, maxMessageBytes);
  }

  /** With per-caller limits (rate, streams) checked before each call's body runs. */
  public Rpc(ErrorTranslator translator, RpcObserver observer, CallLimits limits) {
    this(translator, observer, CallGate.OPEN, limits, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** Each call admitted, or refused, by {@code gate} before its body is read. */
  public Rpc(ErrorTranslator translator, RpcObserver observer, CallGate gate) {
    this(translator, observer, gate, CallLimits.NONE, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /**
   * Each call admitted by {@code gate}, then held to the caller's {@code limits}, before its body
   * (at most {@code maxMessageBytes}, the gRPC server's own limit, once inflated) is read.
   */
  public Rpc(ErrorTranslator translator, RpcObserver observer, CallGate gate, CallLimits limits,
      long maxMessageBytes) {
    this.translator = translator;
    this.observer = observer;
    this.gate = gate;
    this.limits = limits;
    this.maxMessageBytes = maxMessageBytes;
    this.tracing = Tracing.OFF;
  }

  private Rpc(Rpc rpc, Tracing tracing) {
    this.translator = rpc.translator;
    this.observer = rpc.observer;
    this.gate = rpc.gate;
    this.limits = rpc.limits;
    this.maxMessageBytes = rpc.maxMessageBytes;
    this.tracing = tracing;
  }

  /** These bindings, each call named on its server span and its trace handed to the body ({@link CallContext#trace()}). */
  public Rpc traced(Tracing value) {
    return new Rpc(this, value);
  }

  public <Req, Resp> Handler<GrpcServerRequest<Req, Resp>> unary(ServiceMethod<Req, Resp> serviceMethod,
                                                                  UnaryCall<Req, Resp> body) {
    String method = serviceMethod.methodName();
    RequestDecoder<Req> decoder = new RequestDecoder<>(serviceMethod, maxMessageBytes);
    return request -> {
      long started = System.nanoTime();
      // named first, so a refused call's span is named too
      io.opentelemetry.context.Context trace = RpcSpans.named(tracing, serviceMethod);
      Caller caller = admitted(request, method, started);
      if (caller == null) {
        return;
      }
      CallContext context = RpcSpans.traced(trace, CallContext.of(request.timeout(), correlationId(request), caller));
      CallLog log = new CallLog(method, context.correlationId());
      Context eventLoop = Vertx.currentContext();
      LedgerException undecodable = unsupportedEncoding(request);
      if (undecodable != null) {
        finish(request, Future.failedFuture(undecodable), log, context, started);
        return;
      }
      LedgerException overLimit = limits.admitUnary(context);
      if (overLimit != null) {
        finish(request, Future.failedFuture(overLimit), log, context, started);
        return;
      }
      // In flight until answered, or until the caller reset it: a stop waits for these (ServerDrain).
      Runnable answered = once(limits::answered);
      request.errorHandler(gone -> answered.run());
      SingleRequest.read(request, decoder, message -> {
        log.request(message);
        Future<Resp> result;
        try {
          result = body.call(message, context);
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        result.onComplete(outcome -> {
          // Work may finish on another event loop (a shared pool, a lane); answer on the call's own.
          if (Vertx.currentContext() == eventLoop) {
            answer(request, outcome, log, context, started, answered);
          } else {
            eventLoop.runOnContext(v -> answer(request, outcome, log, context, started, answered));
          }
        });
      }, refused -> answer(request, Future.failedFuture(refused), log, context, started, answered));
    };
  }

  /**
   * A server-streaming RPC, bound raw so that every failure (and the caller's cancellation)
   * is seen: the generated stubs drop a failed stream and never report a cancel.
   */
  public <Req, Resp> Handler<GrpcServerRequest<Req, Resp>> serverStream(ServiceMethod<Req, Resp> serviceMethod,
                                                                         StreamCall<Req, Resp> body) {
    String method = serviceMethod.methodName();
    RequestDecoder<Req> decoder = new RequestDecoder<>(serviceMethod, maxMessageBytes);
    return request -> {
      io.opentelemetry.context.Context trace = RpcSpans.named(tracing, serviceMethod);
      Caller caller = admitted(request, method, System.nanoTime());
      if (caller == null) {
        return;
      }
      CallContext context = RpcSpans.traced(trace, CallContext.of(request.timeout(), correlationId(request), caller));
      CallLog log = new CallLog(method, context.correlationId());
      StreamSink<Resp> sink = new StreamSink<>(request.response(), HttpStreams.httpResponse(request),
          Vertx.currentContext(), this, log);
      request.errorHandler(error -> sink.cancelled());
      request.response().exceptionHandler(failure -> sink.cancelled());
      LedgerException undecodable = unsupportedEncoding(request);
      if (undecodable != null) {
        sink.fail(undecodable);
        return;
      }
      LedgerException overLimit = limits.admitStream(context, sink);
      if (overLimit != null) {
        sink.fail(overLimit);
        return;
      }
      SingleRequest.read(request, decoder, message -> {
        log.request(message);
        try {
          body.start(message, context, sink);
        } catch (RuntimeException e) {
          sink.fail(e);
        }
      }, sink::fail);
    };
  }

  /**
   * Reads the one request message of a call bound without an {@code Rpc} (the gRPC health service)
   * as every ledger call's is read: {@code onRequest} gets the request, and a body that is empty,
   * cut short, unparsable or too large is answered at once with its status and reason instead of
   * being left for the caller's deadline (vertx-grpc 5.0.7's own reading) or reset as CANCELLED.
   */
  public static <Req> void readOne(GrpcServerRequest<Req, ?> request, ServiceMethod<Req, ?> serviceMethod,
                                   long maxMessageBytes, Handler<Req> onRequest) {
    SingleRequest.read(request, new RequestDecoder<>(serviceMethod, maxMessageBytes), onRequest, refused -> {
      try {
        fail(request.response(), refused);
      } catch (IllegalStateException closed) {
        // the caller went away first
      }
    });
  }

  /**
   * A body compressed with an encoding vertx-grpc 5.0.7 cannot decode is answered at once: the
   * library would log the failure and leave the call hanging until the caller's deadline.
   */
  private static LedgerException unsupportedEncoding(GrpcServerRequest<?, ?> request) {
    String encoding = request.encoding();
    if (encoding == null || encoding.equals("identity") || encoding.equals("gzip")) {
      return null;
    }
    return new LedgerException(Reason.UNSUPPORTED_ENCODING, "grpc-encoding " + encoding
        + " is not supported; send identity or gzip");
  }

  /**
   * The caller, once the gate admitted it; null when the gate refused the call, which is then
   * answered already, its body unread (so an unauthenticated caller learns nothing else).
   */
  private Caller admitted(GrpcServerRequest<?, ?> request, String method, long started) {
    try {
      // Inside: a client certificate's subject that Subjects refuses (too long for the audit trail) is a refusal too.
      return gate.admit(request.headers(), caller(request));
    } catch (RuntimeException failure) {
      // A gate's own fault is INTERNAL under a correlation id, like a body's: never a call left hanging.
      CallLog log = new CallLog(method, correlationId(request));
      LedgerException refused = toLedgerException(failure, log);
      GrpcStatus status;
      try {
        status = fail(request.response(), refused);
        observeFailure(method, status, refused.reason());
      } catch (IllegalStateException closed) {
        status = GrpcStatus.CANCELLED;
      }
      observe(log, status, System.nanoTime() - started);
      return null;
    }
  }

  void observeFailure(String method, GrpcStatus status, Reason reason) {
    try {
      observer.failed(method, status, reason);
    } catch (RuntimeException e) {
      LOG.warn("RPC observer failed for {}", method, e);
    }
  }

  void observe(CallLog log, GrpcStatus status, long nanos) {
    log.completed(status, nanos);
    try {
      observer.completed(log.method(), status, nanos);
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue(LogFields.RPC, log.method()).addKeyValue(LogFields.CORRELATION_ID, log.correlationId())
          .setCause(e).log("RPC observer failed for {}", log.method());
    }
  }

  /** {@link #finish} of a call admitted by the limits: it is no longer in flight. */
  private <Req, Resp> void answer(GrpcServerRequest<Req, Resp> request, AsyncResult<Resp> outcome, CallLog log,
                                  CallContext context, long started, Runnable answered) {
    try {
      finish(request, outcome, log, context, started);
    } finally {
      answered.run();
    }
  }

  /** Runs {@code action} the first time only; called on the call's event loop. */
  private static Runnable once(Runnable action) {
    boolean[] done = {false};
    return () -> {
      if (!done[0]) {
        done[0] = true;
        action.run();
      }
    };
  }

  private <Req, Resp> void finish(GrpcServerRequest<Req, Resp> request, AsyncResult<Resp> outcome, CallLog log,
                                   CallContext context, long started) {
    GrpcStatus status = respond(request.response(), outcome, log, context);
    observe(log, status, System.nanoTime() - started);
  }

  private <Req, Resp> GrpcStatus respond(GrpcServerResponse<Req, Resp> response, AsyncResult<Resp> outcome,
                                         CallLog log, CallContext context) {
    try {
      if (outcome.succeeded()) {
        RpcSpans.status(context, GrpcStatus.OK);
        response.end(outcome.result());
        return GrpcStatus.OK;
      }
      LedgerException error = toLedgerException(outcome.cause(), log);
      // before the answer: Vert.x ends the server span when the stream closes, which may be at once
      RpcSpans.status(context, ErrorCodes.statusOf(error.reason()));
      GrpcStatus status = fail(response, error);
      observeFailure(log.method(), status, error.reason());
      return status;
    } catch (IllegalStateException closed) {
      // The call was cancelled or ran out of its deadline before we answered.
      return GrpcStatus.CANCELLED;
    }
  }

  /** Ends the call with the error's status, message and ErrorInfo; returns the status. */
  public static GrpcStatus fail(GrpcServerResponse<?, ?> response, LedgerException error) {
    failing(response, error);
    return ErrorCodes.statusOf(error.reason());
  }

  /** {@link #fail}, completing once the status has been written to the connection. */
  static Future<Void> failing(GrpcServerResponse<?, ?> response, LedgerException error) {
    GrpcStatus status = ErrorCodes.statusOf(error.reason());
    response.trailers().set(ErrorDetails.TRAILER, ErrorDetails.encode(error));
    return response.status(status).statusMessage(error.getMessage()).end();
  }

  /** What the caller is told about a failure: its own reason, a backend's, or INTERNAL (logged). */
  LedgerException toLedgerException(Throwable failure, CallLog log) {
    LedgerException refusal = refusal(failure, log);
    log.refused(refusal);
    return refusal;
  }

  private LedgerException refusal(Throwable failure, CallLog log) {
    if (failure instanceof LedgerException known) {
      return known;
    }
    LedgerException translated = translator.translate(failure);
    if (translated != null) {
      return translated;
    }
    log.internal(failure);
    return new LedgerException(Reason.INTERNAL,
        "internal error; quote correlation id " + log.correlationId() + " when reporting it");
  }

  static Caller caller(GrpcServerRequest<?, ?> request) {
    return new Caller(PeerCertificates.subjectOf(request.connection()), peerHost(request));
  }

  private static String peerHost(GrpcServerRequest<?, ?> request) {
    var remote = request.connection().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  static String correlationId(GrpcServerRequest<?, ?> request) {
    String given = request.headers().get(REQUEST_ID_HEADER);
    if (given != null && SAFE_ID.matcher(given).matches()) {
      return given;
    }
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
