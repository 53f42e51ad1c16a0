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

  public CallLimits(CommandRateLimit rate, StreamLimit streams, LimitObserver observer) {
    this.rate = rate;
    this.streams = streams;
    this.observer = observer;
  }

  /** Null when the unary call may go ahead; otherwise its refusal. */
  LedgerException admitUnary(CallContext context) {
    if (rate == null) {
      return null;
    }
    return observed(rate.tryAcquire(context.caller()));
  }

  /** Null when the stream may open (it is counted until the sink closes); otherwise its refusal. */
  LedgerException admitStream(CallContext context, StreamSink<?> sink) {
    if (streams == null) {
      return null;
    }
    Caller caller = context.caller();
    LedgerException refused = streams.tryOpen(caller);
    if (refused == null) {
      sink.onRelease(() -> streams.release(caller));
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
