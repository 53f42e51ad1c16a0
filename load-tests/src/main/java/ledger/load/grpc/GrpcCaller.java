package ledger.load.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;

/**
 * Makes calls of one method with raw protobuf bytes through the Vert.x request/response API
 * (the server's own stack), unary or server-streaming, and reports each call's outcome
 * exactly once. Responses are decoded with the method's output descriptor, so a reply that
 * does not parse is an error too. The client enforces the deadline itself as well as
 * sending it, so a stalled server cannot hold a call past its timeout.
 */
public final class GrpcCaller {

  private final Vertx vertx;
  private final SocketAddress target;
  private final MethodTarget method;
  private final long timeoutMillis;
  private final StreamLimits limits;

  public GrpcCaller(Vertx vertx, SocketAddress target, MethodTarget method, Duration timeout, StreamLimits limits) {
    this.vertx = vertx;
    this.target = target;
    this.method = method;
    this.timeoutMillis = timeout.toMillis();
    this.limits = limits;
  }

  public MethodTarget method() {
    return method;
  }

  /** Makes one call. Call it on the connection's context; {@code done} then runs there too. */
  public void call(Connections.Connection connection, Buffer request, Map<String, String> metadata,
                   Consumer<CallOutcome> done) {
    Call call = new Call(done);
    if (timeoutMillis > 0) {
      call.deadlineTimer = vertx.setTimer(timeoutMillis, id -> call.cancel(GrpcStatus.DEADLINE_EXCEEDED,
          "no answer within " + timeoutMillis + " ms (client deadline)"));
    }
    Future<GrpcClientRequest<Buffer, Buffer>> opening;
    try {
      opening = connection.client().request(target);
    } catch (IllegalStateException closed) {
      call.finish(GrpcStatus.UNAVAILABLE, Statuses.message(closed));
      return;
    }
    opening.onComplete(opened -> {
      if (opened.failed()) {
        call.finish(Statuses.of(opened.cause()), Statuses.message(opened.cause()));
        return;
      }
      GrpcClientRequest<Buffer, Buffer> req = opened.result();
      call.request = req;
      if (call.done) {
        call.release(req);
        return;
      }
      req.fullMethodName(method.fullMethodName());
      if (timeoutMillis > 0) {
        req.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
      }
      metadata.forEach((k, v) -> req.headers().add(k, v));
      req.send(request).onComplete(sent -> {
        if (sent.failed()) {
          call.finish(Statuses.of(sent.cause()), Statuses.message(sent.cause()));
        } else {
          call.listen(sent.result());
        }
      });
    });
  }

  /** One call in flight; touched only from its connection's event loop. */
  private final class Call {
    private final long sentNanos = System.nanoTime();
    private final Consumer<CallOutcome> doneHandler;
    private GrpcClientRequest<Buffer, Buffer> request;
    private long deadlineTimer = -1;
    private long streamTimer = -1;
    private long firstMessageNanos = -1;
    private int messages;
    private boolean done;

    Call(Consumer<CallOutcome> doneHandler) {
      this.doneHandler = doneHandler;
    }

    void listen(GrpcClientResponse<Buffer, Buffer> response) {
      if (done) {
        return;
      }
      if (method.serverStreaming() && !limits.duration().isZero()) {
        streamTimer = vertx.setTimer(limits.duration().toMillis(), id -> cancel(GrpcStatus.OK, null));
      }
      response.handler(message -> {
        if (done) {
          return;
        }
        if (messages++ == 0) {
          firstMessageNanos = System.nanoTime();
        }
        try {
          DynamicMessage.parseFrom(method.output(), message.getBytes());
        } catch (InvalidProtocolBufferException e) {
          cancel(GrpcStatus.INTERNAL, "response is not a valid " + method.output().getFullName());
          return;
        }
        if (method.serverStreaming() && limits.count() > 0 && messages >= limits.count()) {
          cancel(GrpcStatus.OK, null);
        }
      });
      response.endHandler(v -> finish(response.status() == null ? GrpcStatus.UNKNOWN : response.status(),
          response.statusMessage()));
      response.errorHandler(error -> finish(error.status, "stream " + error.name().toLowerCase()));
      response.exceptionHandler(failure -> finish(Statuses.of(failure), Statuses.message(failure)));
    }

    /** Ends the call from this side: on its deadline, on a stream limit, or on a bad reply. */
    void cancel(GrpcStatus status, String message) {
      if (done) {
        return;
      }
      // report first: resetting the stream fires the response's error handlers synchronously
      finish(status, message);
      if (request != null) {
        release(request);
      }
    }

    /** Resets the HTTP/2 stream so that the connection gets it back. */
    void release(GrpcClientRequest<Buffer, Buffer> req) {
      try {
        req.cancel();
      } catch (RuntimeException alreadyGone) {
        // the stream ended meanwhile: nothing to give back
      }
    }

    void finish(GrpcStatus status, String message) {
      if (done) {
        return;
      }
      done = true;
      long end = System.nanoTime();
      if (deadlineTimer >= 0) {
        vertx.cancelTimer(deadlineTimer);
      }
      if (streamTimer >= 0) {
        vertx.cancelTimer(streamTimer);
      }
      doneHandler.accept(new CallOutcome(status, message, sentNanos, firstMessageNanos, end, messages));
    }
  }
}
