package ledger.query;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

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
 * last one sent; anything else (a gap, a state instead of a change, a slow caller, a feed
 * that was interrupted) is read from the event store instead, which is never wrong. At most
 * {@link #MAX_QUEUED} announcements wait in memory; past that the stream falls back to the
 * store. Confined to the call's event loop: announcements from the feed hop onto it.
 *
 * <p>A catch-up (read to the end of the stream) is answered only by a read that started after
 * it was asked for: one asked while a read is in flight may concern an event that read cannot
 * see, so it costs one more read after it, however many were asked meanwhile.
 */
final class BalanceStream {

  static final int MAX_QUEUED = 256;
  private static final int PAGE = 500;

  private final AccountId account;
  private final StreamSink<BalanceUpdate> sink;
  private final PgEventStore events;
  private final long firstToSend;
  private final Deque<FeedMessage.Change> queued = new ArrayDeque<>();
  private Account last;
  private boolean started;
  private boolean reading;
  private boolean paused;
  /** Catch-ups asked for so far, and how many of them a read that reached the end of the stream has answered. */
  private long catchUpsAsked;
  private long catchUpsAnswered;

  BalanceStream(AccountId account, StreamSink<BalanceUpdate> sink, PgEventStore events, long firstToSend) {
    this.account = account;
    this.sink = sink;
    this.events = events;
    this.firstToSend = firstToSend;
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
      if (queued.size() >= MAX_QUEUED) {
        queued.clear();
        catchUpsAsked++;
      } else {
        queued.add(change);
      }
      pump();
    });
  }

  /** Something may have been missed: look in the event store. */
  void catchUp() {
    sink.context().runOnContext(v -> {
      catchUpsAsked++;
      pump();
    });
  }

  private void pump() {
    while (started && !reading && !sink.isClosed()) {
      if (sink.writeQueueFull()) {
        if (!paused) {
          paused = true;
          sink.whenDrained(() -> {
            paused = false;
            pump();
          });
        }
        return;
      }
      FeedMessage.Change next = queued.peek();
      if (next != null && next.view().version() <= last.version()) {
        queued.poll();
        continue;
      }
      boolean behind = catchUpsAsked > catchUpsAnswered;
      if (next != null && !next.isState() && next.view().version() == last.version() + 1 && !behind) {
        queued.poll();
        send(next.view(), next.eventType(), next.deltaMinor(), next.view().toAccount());
        continue;
      }
      if (next != null || behind) {
        read(behind ? Long.MAX_VALUE : next.view().version());
      }
      return;
    }
  }

  /** Reads and sends every change after the last one sent, up to {@code target} or the end of the stream. */
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
      sendAll(page.result());
      if (page.result().size() < limit) {
        // The store had nothing more when this read began: that answers the catch-ups asked
        // before it, not those asked while it was in flight.
        catchUpsAnswered = answers;
      }
      pump();
    });
  }

  private void sendAll(List<RecordedEvent> page) {
    for (RecordedEvent event : page) {
      Account after = AccountDecider.evolve(last, event.event());
      send(AccountView.after(after, event), EventCodec.typeOf(event.event()), BalanceDelta.of(event.event()), after);
    }
  }

  private void send(AccountView view, String eventType, long delta, Account after) {
    last = after;
    if (view.version() >= firstToSend) {
      sink.write(BalanceUpdate.newBuilder().setBalance(Balances.of(view)).setEventType(eventType).setDeltaMinor(delta)
          .build());
    }
  }
}
