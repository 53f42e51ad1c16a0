package ledger.query;

import java.util.ArrayDeque;
import java.util.Deque;

import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountId;
import ledger.domain.BalanceDelta;
import ledger.grpc.StreamSink;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.store.EventCodec;
import ledger.store.RecordedEvent;
import ledger.store.pg.PgEventStore;
import ledger.v1.BalanceUpdate;

/**
 * One StreamBalance call: every change of one account, in order, none missed, none repeated.
 * Changes announced by the projection are sent as they come while they follow on from the
 * last one sent; anything else (a gap, a state instead of a change, a feed that was
 * interrupted) is read from the event store instead, which is never wrong. Confined to the
 * call's event loop: announcements from the feed hop onto it.
 *
 * <p>A slow client (StreamBounds): a page read from the store is sent as the transport takes it;
 * while the transport is full, announcements wait in a queue of at most {@code queueMax}. One
 * more, or the transport staying full for {@code stallTimeout} while one waits, ends the stream
 * RESOURCE_EXHAUSTED STREAM_TOO_SLOW with the version to resume from; a status that cannot reach
 * the client within {@code stallTimeout} more resets the stream. A queue that fills while the
 * transport is not full (a store read in flight) is dropped and the store read instead: that
 * client is not slow.
 *
 * <p>A catch-up (read to the end of the stream) is answered only by a read that started after
 * it was asked for: one asked while a read is in flight may concern an event that read cannot
 * see, so it costs one more read after it, however many were asked meanwhile.
 */
final class BalanceStream {

  private static final int PAGE = 500;

  private final AccountId account;
  private final StreamSink<BalanceUpdate> sink;
  private final PgEventStore events;
  private final long firstToSend;
  private final StreamBounds bounds;
  private final StreamPressure pressure;
  private final QueryObserver observer;
  private final Deque<FeedMessage.Change> queued = new ArrayDeque<>();
  /** Events read from the store and not sent yet: at most one page, sent as the transport takes them. */
  private final Deque<RecordedEvent> fromStore = new ArrayDeque<>();
  private final StallClock stall;
  private Account last;
  private boolean started;
  private boolean reading;
  private boolean paused;
  /** Catch-ups asked for so far, and how many of them a read that reached the end of the stream has answered. */
  private long catchUpsAsked;
  private long catchUpsAnswered;

  BalanceStream(AccountId account, StreamSink<BalanceUpdate> sink, PgEventStore events, long firstToSend,
                StreamBounds bounds, StreamPressure pressure, QueryObserver observer) {
    this.account = account;
    this.sink = sink;
    this.events = events;
    this.firstToSend = firstToSend;
    this.bounds = bounds;
    this.pressure = pressure;
    this.observer = observer;
    this.stall = new StallClock(sink.context().owner(), bounds.stallTimeout());
  }

  AccountId account() {
    return account;
  }

  /** Starts from a current view: sends it as the first message. Any thread. */
  void startWithState(AccountView view) {
    sink.context().runOnContext(v -> {
      last = view.toAccount();
      sink.write(BalanceUpdate.newBuilder().setBalance(Balances.of(view)).build());
      started = true;
      pump();
    });
  }

  /** Starts after {@code state}: sends every change after it (from {@code firstToSend} on). Any thread. */
  void startAfter(Account state) {
    sink.context().runOnContext(v -> {
      last = state;
      started = true;
      catchUpsAsked++;
      pump();
    });
  }

  /** Ends the call with this failure. Any thread. */
  void fail(Throwable failure) {
    sink.context().runOnContext(v -> sink.fail(failure));
  }

  /** An announcement from the feed, on any thread. */
  void offer(FeedMessage.Change change) {
    sink.context().runOnContext(v -> {
      if (sink.isClosed()) {
        return;
      }
      if (queued.size() >= bounds.queueMax()) {
        if (started && sink.writeQueueFull()) {
          tooSlow(queued.size() + 1 + " changes waited for it, more than --stream-queue-max");
          return;
        }
        // Not the client's fault (a store read is in flight, or the stream has not started): read them instead.
        pressure.queued(-queued.size());
        queued.clear();
        catchUpsAsked++;
      } else {
        queued.add(change);
        pressure.queued(1);
      }
      pump();
    });
  }

  /** The call ended, however: what it held is let go. On the call's event loop. */
  void closed() {
    drop();
    stall.stop();
  }

  /** Something may have been missed: look in the event store. */
  void catchUp() {
    sink.context().runOnContext(v -> {
      catchUpsAsked++;
      pump();
    });
  }

  private void pump() {
    if (sink.isClosed()) {
      drop();
      stall.stop();
      return;
    }
    while (started && !reading && !sink.isClosed()) {
      if (sink.writeQueueFull()) {
        if (!paused) {
          paused = true;
          sink.whenDrained(() -> {
            paused = false;
            stall.stop();
            pump();
          });
        }
        watchStall();
        return;
      }
      RecordedEvent stored = fromStore.poll();
      if (stored != null) {
        pressure.queued(-1);
        sendStored(stored);
        continue;
      }
      FeedMessage.Change next = queued.peek();
      if (next != null && next.view().version() <= last.version()) {
        poll();
        continue;
      }
      boolean behind = catchUpsAsked > catchUpsAnswered;
      if (next != null && !next.isState() && next.view().version() == last.version() + 1 && !behind) {
        poll();
        send(next.view(), next.eventType(), next.deltaMinor(), next.view().toAccount());
        continue;
      }
      if (next != null || behind) {
        read(behind ? Long.MAX_VALUE : next.view().version());
      }
      return;
    }
  }

  /** While the transport is full and a change waits, the stall clock runs; a drain stops it. */
  private void watchStall() {
    if (waiting() == 0) {
      return;
    }
    stall.start(() -> {
      if (paused && waiting() > 0 && !sink.isClosed()) {
        tooSlow("its client took nothing for " + bounds.stallTimeout().toMillis()
            + " ms (--stream-stall-timeout-ms) while " + waiting() + " changes waited");
      }
    });
  }

  /**
   * Ends the stream STREAM_TOO_SLOW: the client resumes from its last version + 1, and the server
   * says which version follows the last change it wrote. The status waits behind what the client
   * has not read; if it has not left within the stall timeout, the stream is reset.
   */
  private void tooSlow(String why) {
    long resumeFrom = Math.max(last.version() + 1, firstToSend);
    drop();
    stall.stop();
    pressure.closing(1);
    sink.failWithin(StreamTooSlow.of(account, resumeFrom, why), bounds.stallTimeout()).onComplete(delivered -> {
      pressure.closing(-1);
      observer.slowStreamEnded(delivered.succeeded() && delivered.result());
    });
  }

  private void poll() {
    queued.poll();
    pressure.queued(-1);
  }

  private void drop() {
    pressure.queued(-waiting());
    queued.clear();
    fromStore.clear();
  }

  /** Changes this stream holds for its client: announced, or read from the store. */
  private int waiting() {
    return queued.size() + fromStore.size();
  }

  /** Reads every change after the last one sent, up to {@code target} or the end of the stream, to be sent next. */
  private void read(long target) {
    reading = true;
    long answers = catchUpsAsked;
    int limit = (int) Math.min(PAGE, target - last.version());
    events.readStream(account, last.version() + 1, limit).onComplete(page -> {
      reading = false;
      if (page.failed()) {
        sink.fail(page.cause());
        return;
      }
      fromStore.addAll(page.result());
      pressure.queued(page.result().size());
      if (page.result().size() < limit) {
        // The store had nothing more when this read began: that answers the catch-ups asked
        // before it, not those asked while it was in flight.
        catchUpsAnswered = answers;
      }
      pump();
    });
  }

  private void sendStored(RecordedEvent event) {
    Account after = AccountDecider.evolve(last, event.event());
    send(AccountView.after(after, event), EventCodec.typeOf(event.event()), BalanceDelta.of(event.event()), after);
  }

  private void send(AccountView view, String eventType, long delta, Account after) {
    last = after;
    if (view.version() >= firstToSend) {
      sink.write(BalanceUpdate.newBuilder().setBalance(Balances.of(view)).setEventType(eventType).setDeltaMinor(delta)
          .build());
    }
  }
}
