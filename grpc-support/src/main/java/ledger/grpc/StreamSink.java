package ledger.grpc;

import io.vertx.core.Context;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;
import ledger.domain.LedgerException;

/**
 * The writing end of a server stream. Every failure reaches the caller as a status with
 * its ErrorInfo, never a silent hang; writes after the caller went away are dropped. Use it
 * on its {@link #context()} only.
 */
public final class StreamSink<Resp> {

  private final GrpcServerResponse<?, Resp> response;
  private final Context context;
  private final Rpc rpc;
  private final CallLog log;
  private final long started;
  private Runnable onClose = () -> { };
  private Runnable release = () -> { };
  private boolean closed;

  StreamSink(GrpcServerResponse<?, Resp> response, Context context, Rpc rpc, CallLog log) {
    this.response = response;
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
