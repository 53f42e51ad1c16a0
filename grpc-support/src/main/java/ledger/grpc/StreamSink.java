package ledger.grpc;

import java.time.Duration;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;
import ledger.domain.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing end of a server stream. Every failure reaches the caller as a status with
 * its ErrorInfo, never a silent hang; writes after the caller went away are dropped. Use it
 * on its {@link #context()} only.
 */
public final class StreamSink<Resp> {

  private static final Logger LOG = LoggerFactory.getLogger(StreamSink.class);
  /** HTTP/2's RST_STREAM code CANCEL: grpc-java reports it as CANCELLED. */
  private static final long CANCEL = 0x8;

  private final GrpcServerResponse<?, Resp> response;
  private final HttpServerResponse http;
  private final Context context;
  private final Rpc rpc;
  private final CallLog log;
  private final long started;
  private Runnable onClose = () -> { };
  private Runnable release = () -> { };
  private boolean closed;

  StreamSink(GrpcServerResponse<?, Resp> response, HttpServerResponse http, Context context, Rpc rpc, CallLog log) {
    this.response = response;
    this.http = http;
    this.context = context;
    this.rpc = rpc;
    this.log = log;
    this.started = System.nanoTime();
  }

  public Context context() {
    return context;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Runs once when the stream ends for any reason: ended, failed, cancelled by the caller. */
  public void onClose(Runnable action) {
    this.onClose = action;
  }

  /** Runs once when the stream ends, after {@link #onClose}: gives back what the stream's admission counted. */
  void onRelease(Runnable action) {
    this.release = action;
  }

  /** Sends one message; false when the stream is already closed. */
  public boolean write(Resp message) {
    if (closed) {
      return false;
    }
    try {
      response.write(message);
      return true;
    } catch (IllegalStateException gone) {
      close(GrpcStatus.CANCELLED);
      return false;
    }
  }

  /** True while the transport holds more than it should: stop writing until {@link #whenDrained}. */
  public boolean writeQueueFull() {
    return !closed && response.writeQueueFull();
  }

  public void whenDrained(Runnable action) {
    response.drainHandler(v -> action.run());
  }

  public void end() {
    if (closed) {
      return;
    }
    try {
      response.end();
    } catch (IllegalStateException gone) {
      close(GrpcStatus.CANCELLED);
      return;
    }
    close(GrpcStatus.OK);
  }

  public void fail(Throwable failure) {
    if (closed) {
      return;
    }
    LedgerException error = rpc.toLedgerException(failure, log);
    GrpcStatus status;
    try {
      status = Rpc.fail(response, error);
      rpc.observeFailure(log.method(), status, error.reason());
    } catch (IllegalStateException gone) {
      close(GrpcStatus.CANCELLED);
      return;
    }
    close(status);
  }

  /**
   * {@link #fail}, for a caller that may not be reading: while its transport is full the status
   * would wait behind every message the caller has not taken (HTTP/2 trailers queue behind the
   * stream's DATA frames), so it is sent once the transport drains. If the transport has not
   * drained within {@code delivery}, the stream is reset (RST_STREAM CANCEL), which frees what the
   * server still held for it. The call counts as ended at once. Completes with true when the status
   * was written, false when the stream was reset instead (or the caller went away first).
   *
   * <p>The status is held back rather than queued, and the reset is called off once the status has
   * been handed to the transport, because vertx-core 5.0.7 queues trailers with no promise: a reset
   * that disposes of them logs a NullPointerException at VertxHttp2Stream$3.cancel. So a caller that
   * took enough to drain the transport and then stopped again keeps its stream (at most the
   * transport's few queued messages and the status) until it reads on or its connection goes away,
   * which the server's keepalive finds.
   */
  public Future<Boolean> failWithin(Throwable failure, Duration delivery) {
    if (closed) {
      return Future.succeededFuture(false);
    }
    LedgerException error = rpc.toLedgerException(failure, log);
    GrpcStatus status = ErrorCodes.statusOf(error.reason());
    rpc.observeFailure(log.method(), status, error.reason());
    boolean full = response.writeQueueFull();
    close(status);
    Promise<Boolean> outcome = Promise.promise();
    long timer = context.owner().setTimer(delivery.toMillis(), late -> {
      if (outcome.tryComplete(false)) {
        LOG.debug("{} status not handed to the transport within {} ms: stream reset", log.method(),
            delivery.toMillis());
        http.reset(CANCEL).onFailure(notReset -> LOG.debug("{} status not delivered within {} ms and not reset: {}",
            log.method(), delivery.toMillis(), notReset.toString()));
      }
    });
    boolean[] sent = {false};
    // The caller went away (reset, connection closed) while the status waited for the transport.
    http.closeHandler(gone -> {
      if (!sent[0] && outcome.tryComplete(false)) {
        context.owner().cancelTimer(timer);
      }
    });
    Runnable send = () -> {
      if (outcome.future().isComplete()) {
        return;
      }
      sent[0] = true;
      try {
        Future<Void> written = Rpc.failing(response, error);
        // Handed to the transport: its trailers may still queue behind DATA, and must not be reset.
        context.owner().cancelTimer(timer);
        written.onComplete(done -> outcome.tryComplete(done.succeeded()));
      } catch (IllegalStateException gone) {
        context.owner().cancelTimer(timer);
        outcome.tryComplete(false);
      }
    };
    if (full) {
      response.drainHandler(drained -> send.run());
    } else {
      send.run();
    }
    return outcome.future();
  }

  /** The caller cancelled, or the transport failed. */
  void cancelled() {
    close(GrpcStatus.CANCELLED);
  }

  private void close(GrpcStatus status) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rpc.observe(log, status, System.nanoTime() - started);
      onClose.run();
    } finally {
      release.run();
    }
  }
}
