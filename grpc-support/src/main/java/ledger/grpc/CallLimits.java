package ledger.grpc;

import ledger.domain.LedgerException;

/**
 * The per-caller limits one service's calls pass before their body runs: a command rate
 * (unary calls) and a count of open streams (server streams). Either may be off (null), and
 * then costs one branch. The same limit objects are given to every service of the process
 * that they apply to, so a caller's calls count together whatever the event loop.
 */
public final class CallLimits {

  /** No limits. */
  public static final CallLimits NONE = new CallLimits(null, null, LimitObserver.NONE);

  private final CommandRateLimit rate;
  private final StreamLimit streams;
  private final LimitObserver observer;
  private final ServerDrain drain;

  public CallLimits(CommandRateLimit rate, StreamLimit streams, LimitObserver observer) {
    this(rate, streams, observer, new ServerDrain());
  }

  /** {@code drain}: the process's stop, shared by every service so that all refuse new calls together. */
  public CallLimits(CommandRateLimit rate, StreamLimit streams, LimitObserver observer, ServerDrain drain) {
    this.rate = rate;
    this.streams = streams;
    this.observer = observer;
    this.drain = drain;
  }

  /** Null when the unary call may go ahead, and then {@link #answered} must follow once; otherwise its refusal. */
  LedgerException admitUnary(CallContext context) {
    LedgerException stopping = drain.admit();
    if (stopping != null) {
      return stopping;
    }
    LedgerException refused = rate == null ? null : observed(rate.tryAcquire(context.caller()));
    if (refused != null) {
      drain.answered();
    }
    return refused;
  }

  /** The admitted unary call was answered. */
  void answered() {
    drain.answered();
  }

  /** Null when the stream may open (it is counted until the sink closes); otherwise its refusal. */
  LedgerException admitStream(CallContext context, StreamSink<?> sink) {
    LedgerException stopping = drain.track(sink);
    if (stopping != null) {
      return stopping;
    }
    if (streams == null) {
      sink.onRelease(() -> drain.untrack(sink));
      return null;
    }
    Caller caller = context.caller();
    LedgerException refused = streams.tryOpen(caller);
    if (refused == null) {
      sink.onRelease(() -> {
        drain.untrack(sink);
        streams.release(caller);
      });
    } else {
      drain.untrack(sink);
    }
    return observed(refused);
  }

  private LedgerException observed(LedgerException refused) {
    if (refused != null) {
      observer.refused(refused.reason());
    }
    return refused;
  }
}
