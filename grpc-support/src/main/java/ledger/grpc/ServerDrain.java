package ledger.grpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;

/**
 * The stop of a server process (docs/operations.md, "Graceful shutdown and connection lifetimes"):
 * once {@link #start}ed, every new call of the services that share it is refused UNAVAILABLE
 * SHUTTING_DOWN with a retry hint, and every server stream still open is ended with that status,
 * which callers resume elsewhere (StreamBalance from the last version they saw + 1). Unary calls
 * already running are left to finish. One per process, shared through {@link CallLimits}.
 */
public final class ServerDrain {

  /** How long a caller is told to wait before retrying: time for its channel to pick another instance. */
  static final Duration RETRY_AFTER = Duration.ofMillis(200);

  private final Set<StreamSink<?>> streams = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unaryInFlight = new AtomicInteger();
  private final Promise<Void> idle = Promise.promise();
  private volatile boolean draining;

  public boolean draining() {
    return draining;
  }

  /** Counts an admitted stream until it closes; its refusal when the drain began meanwhile. */
  LedgerException track(StreamSink<?> sink) {
    streams.add(sink);
    // Set first, flag read after: either start() sees this stream, or this sees the flag (or both: fail is idempotent).
    if (draining) {
      streams.remove(sink);
      return stopping();
    }
    return null;
  }

  void untrack(StreamSink<?> sink) {
    streams.remove(sink);
  }

  /**
   * Counts a unary call in flight until {@link #answered}; its refusal (and not counted) once the
   * process is stopping.
   */
  LedgerException admit() {
    unaryInFlight.incrementAndGet();
    // Counted first, flag read after: either start() sees this call in flight and waits for it, or
    // this sees the flag. Read the other way round, a call could slip in after start() found none.
    if (draining) {
      answered();
      return stopping();
    }
    return null;
  }

  /** The admitted unary call was answered (or its caller went away). */
  void answered() {
    if (unaryInFlight.decrementAndGet() == 0 && draining) {
      idle.tryComplete();
    }
  }

  /** Unary calls admitted and not yet answered. */
  public int unaryInFlight() {
    return unaryInFlight.get();
  }

  /**
   * Completes once no unary call is in flight after {@link #start}. The process waits for it (bounded
   * by its shutdown grace) before it closes any connection: vertx-core 5.0.7's HttpServer.shutdown(grace)
   * was seen returning before its connections' calls finished, and a call answered on a connection
   * already closed makes Vert.x throw a NullPointerException (docs/operations.md).
   */
  public Future<Void> idle() {
    return idle.future();
  }

  /** Open server streams. */
  public int openStreams() {
    return streams.size();
  }

  /**
   * Refuses new calls from now on and ends every open stream with UNAVAILABLE SHUTTING_DOWN, each
   * on its own event loop; completes once every stream was ended.
   */
  public Future<Void> start() {
    draining = true;
    if (unaryInFlight.get() == 0) {
      idle.tryComplete();
    }
    List<Future<Void>> ended = streams.stream().map(sink -> {
      Promise<Void> done = Promise.promise();
      sink.context().runOnContext(v -> {
        try {
          sink.fail(stopping());
        } finally {
          done.complete();
        }
      });
      return done.future();
    }).toList();
    return Future.join(ended).mapEmpty();
  }

  private static LedgerException stopping() {
    return new LedgerException(new Rejection(Reason.SHUTTING_DOWN, "this server is shutting down; retry on another"
        + " instance (a command with the same command_id, a StreamBalance from the last version seen + 1)",
        Map.of("retry_after_ms", Long.toString(RETRY_AFTER.toMillis()))), RETRY_AFTER);
  }
}
