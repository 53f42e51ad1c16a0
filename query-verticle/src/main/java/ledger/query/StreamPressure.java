package ledger.query;

import java.util.concurrent.atomic.LongAdder;

/** What the balance streams of a process hold for their clients right now, for metrics. Thread-safe. */
final class StreamPressure {

  private final LongAdder queued = new LongAdder();
  private final LongAdder closing = new LongAdder();

  void queued(int delta) {
    queued.add(delta);
  }

  void closing(int delta) {
    closing.add(delta);
  }

  /** Announced changes waiting in the streams' queues. */
  long queued() {
    return queued.sum();
  }

  /** Streams ended STREAM_TOO_SLOW whose status still waits behind data their client has not read. */
  long closing() {
    return closing.sum();
  }
}
