package ledger.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;

/**
 * Open server streams per caller ({@link Caller#limitKey()}), over all its connections and
 * every event loop of the process. A caller's entry lives only while it has a stream open,
 * so the map is never larger than the number of open streams.
 */
public final class StreamLimit {

  /** A caller's count; changed only inside the map's compute, which locks its entry. */
  private static final class Count {
    int open;
  }

  private final int maxPerCaller;
  private final ConcurrentHashMap<String, Count> open = new ConcurrentHashMap<>();

  public StreamLimit(int maxPerCaller) {
    if (maxPerCaller < 1) {
      throw new IllegalArgumentException("a caller needs room for at least one stream, got " + maxPerCaller);
    }
    this.maxPerCaller = maxPerCaller;
  }

  /**
   * Counts one more stream of the caller: null when it fits, and then {@link #release} must
   * follow exactly once; otherwise the refusal, and nothing was counted.
   */
  public LedgerException tryOpen(Caller caller) {
    boolean[] admitted = new boolean[1];
    open.compute(caller.limitKey(), (key, count) -> {
      Count current = count != null ? count : new Count();
      if (current.open < maxPerCaller) {
        current.open++;
        admitted[0] = true;
      }
      return current;
    });
    if (admitted[0]) {
      return null;
    }
    return new LedgerException(new Rejection(Reason.TOO_MANY_STREAMS, "the caller already has " + maxPerCaller
        + " streams open, its limit; end one first", Map.of("limit", Integer.toString(maxPerCaller))));
  }

  public void release(Caller caller) {
    open.computeIfPresent(caller.limitKey(), (key, count) -> --count.open > 0 ? count : null);
  }

  /** The caller's open streams. */
  public int openBy(Caller caller) {
    Count count = open.get(caller.limitKey());
    return count == null ? 0 : count.open;
  }

  /** Callers with at least one stream open. */
  public int callers() {
    return open.size();
  }
}
