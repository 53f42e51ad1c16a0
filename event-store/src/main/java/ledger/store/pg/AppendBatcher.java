package ledger.store.pg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import ledger.store.Append;
import ledger.store.AppendResult;

/**
 * Group commit. Appends from concurrent commands queue here; whenever fewer than
 * {@code maxInFlight} statements are running, everything queued (up to {@code maxBatch}
 * commands) goes out as one statement, so under load many commands share one transaction,
 * one commit and one fsync, and an idle ledger adds no wait at all: the first append is sent
 * at once. With a {@code linger}, a statement may also wait for companions: each statement
 * costs PostgreSQL a commit, a WAL flush and a round trip, and the tail a read and a Redis
 * pipeline, whatever it carries, and at moderate rates most statements would carry one command.
 * The wait is adaptive: a statement waits out the linger (or until the batch is full) only while
 * commands arrive faster than one per linger (a moving average of the gaps between them). So a
 * lone command, and the first after a pause of two lingers, still goes at once, a steady
 * stream fills statements, and no command waits longer than the linger plus the statements
 * ahead of it (docs/benchmarks.md, "CPU per command"). A conflict in one command never fails its
 * batch-mates: a batch refused for a taken version or command id is sent again one command at
 * a time, and each gets its own answer.
 * Those go one after another in the refused batch's place, so they stay within
 * {@code maxInFlight}, and each commit rings the doorbell like any other. Thread-safe.
 */
public final class AppendBatcher {

  /** Told about every statement sent. */
  @FunctionalInterface
  public interface Observer {

    Observer NONE = (commands, waitNanos) -> { };

    /** A batch of {@code commands} went out; the oldest had waited {@code waitNanos}. */
    void flushed(int commands, long waitNanos);
  }

  /** Told which statement carries one command: how many commands share it, and the first one's id. */
  @FunctionalInterface
  public interface Batched {

    void sent(int commands, String firstCommandId);
  }

  private record Pending(Append append, Promise<AppendResult> promise, long queuedAt, Batched batched) {
  }

  /**
   * What to do once out of the lock: send {@code batch}; or, when it is null, set the linger's
   * timer for {@code linger} nanoseconds, if that is 0 or more.
   */
  private record Next(List<Pending> batch, long linger) {
  }

  /** Far above any sensible linger; bounds the nanosecond arithmetic. */
  private static final long MAX_LINGER_MICROS = TimeUnit.HOURS.toMicros(1);

  private final PgEventStore store;
  private final CommitNotifier notifier;
  private final int maxBatch;
  private final int maxInFlight;
  private final Observer observer;
  private final long lingerNanos;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;
  /** A statement is waiting out its linger. */
  private boolean lingering;
  /** When the last command came; 0: none yet. */
  private long lastArrival;
  /**
   * Moving average of the gaps between commands (weight 1/4 for the newest), each capped at two
   * lingers; a gap that long starts it over at two lingers.
   */
  private long meanGap;

  /**
   * {@code notifier} is rung after every statement but a batch refused for a conflict, which
   * wrote nothing; null rings nobody.
   */
  public AppendBatcher(PgEventStore store, CommitNotifier notifier, int maxBatch, int maxInFlight, Observer observer) {
    this(store, notifier, maxBatch, maxInFlight, 0, observer);
  }

  /** {@code lingerMicros}: how long a statement waits after its first command for more (0: not at all). */
  public AppendBatcher(PgEventStore store, CommitNotifier notifier, int maxBatch, int maxInFlight, long lingerMicros,
                       Observer observer) {
    if (maxBatch < 1 || maxInFlight < 1 || lingerMicros < 0 || lingerMicros > MAX_LINGER_MICROS) {
      throw new IllegalArgumentException("batches need at least one command and one statement in flight,"
          + " and a linger of 0 to an hour");
    }
    this.store = store;
    this.notifier = notifier;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.lingerNanos = TimeUnit.MICROSECONDS.toNanos(lingerMicros);
    this.observer = observer;
    this.meanGap = 2 * lingerNanos;
  }

  public Future<AppendResult> append(Append append) {
    return append(append, null);
  }

  /**
   * As {@link #append(Append)}; {@code batched} (null for nobody) hears of each statement that
   * carries this command: the group commit's, and its own if that one was refused for a conflict.
   */
  public Future<AppendResult> append(Append append, Batched batched) {
    Promise<AppendResult> promise = Promise.promise();
    Next next;
    synchronized (queue) {
      long now = System.nanoTime();
      arrived(now);
      queue.add(new Pending(append, promise, now, batched));
      next = next(false);
    }
    after(next);
    return promise.future();
  }

  /** Updates the arrival rate's estimate with a command arriving at {@code now}. Under the queue's lock. */
  private void arrived(long now) {
    if (lingerNanos == 0) {
      return;
    }
    long gap = lastArrival == 0 ? 2 * lingerNanos : Math.min(2 * lingerNanos, Math.max(0, now - lastArrival));
    // a pause of two lingers or more: the rate is gone, so the first command after it goes at once
    meanGap = gap == 2 * lingerNanos ? gap : meanGap + (gap - meanGap) / 4;
    lastArrival = now;
  }

  /**
   * Whether a statement should wait for companions: on average, lately, commands come faster
   * than one per linger. Under the queue's lock.
   */
  private boolean companionsExpected() {
    return lingerNanos > 0 && meanGap <= lingerNanos;
  }

  /**
   * The next batch if one is due ({@link #takeIfDue}), else the linger's timer to arm, if any
   * ({@link #lingerToArm}). Under the queue's lock.
   */
  private Next next(boolean anyway) {
    List<Pending> batch = takeIfDue(anyway);
    return new Next(batch, batch == null ? lingerToArm() : -1);
  }

  /**
   * The next batch, if a statement may go now: a slot is free and, when companions are
   * expected, the batch is full or its oldest command has waited the linger out
   * ({@code anyway}: whatever waits). Counts the statement in flight. Under the queue's lock.
   */
  private List<Pending> takeIfDue(boolean anyway) {
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return null;
    }
    if (!anyway && companionsExpected() && queue.size() < maxBatch
        && System.nanoTime() - queue.peek().queuedAt() < lingerNanos) {
      return null;
    }
    inFlight++;
    return take();
  }

  /**
   * Nanoseconds until the oldest queued command has waited out the linger, when a timer is to be
   * set for it now (a slot is free, none is set and commands are held for companions); -1
   * otherwise. Under the queue's lock.
   */
  private long lingerToArm() {
    if (lingerNanos == 0 || lingering || queue.isEmpty() || inFlight >= maxInFlight) {
      return -1;
    }
    lingering = true;
    return Math.max(0, queue.peek().queuedAt() + lingerNanos - System.nanoTime());
  }

  /** Sends the next batch, or sets the linger's timer. */
  private void after(Next next) {
    if (next.batch() != null) {
      send(next.batch());
    } else if (next.linger() >= 0) {
      ContextInternal context = (ContextInternal) Vertx.currentContext();
      if (context == null) {
        // no event loop to wait on (not so in the server): what waits goes now
        lingered(true);
        return;
      }
      try {
        // Vert.x timers count whole milliseconds; the event loop's own scheduler takes nanoseconds
        context.nettyEventLoop().schedule(() -> context.runOnContext(v -> lingered(false)), next.linger(),
            TimeUnit.NANOSECONDS);
      } catch (RuntimeException closing) {
        // the event loop is shutting down: no timer will come, so what waits goes now
        lingered(true);
      }
    }
  }

  private void lingered(boolean anyway) {
    Next next;
    synchronized (queue) {
      lingering = false;
      // the running statement's end may have taken the commands it was set for; then, the next oldest's
      // timer (anyway leaves none to set: what it does not take waits for a free slot, not a timer)
      next = next(anyway);
    }
    after(next);
  }

  /** Commands waiting for a statement right now. */
  public int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    return batch;
  }

  private void send(List<Pending> batch) {
    observer.flushed(batch.size(), System.nanoTime() - batch.get(0).queuedAt());
    tell(batch);
    Future<Void> sent = batch.size() == 1 ? alone(batch.get(0)) : together(batch);
    sent.onComplete(done -> {
      Next next;
      synchronized (queue) {
        inFlight--;
        next = next(false);
      }
      after(next);
    });
  }

  private Future<Void> alone(Pending pending) {
    return store.append(pending.append()).onComplete(pending.promise()).transform(done -> {
      ring();
      return Future.succeededFuture();
    });
  }

  private Future<Void> together(List<Pending> batch) {
    return store.appendAll(batch.stream().map(Pending::append).toList()).transform(outcome -> {
      if (outcome.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).promise().complete(outcome.result().get(i));
        }
      } else if (PgEventStore.isConflict(outcome.cause())) {
        // Someone's version or id was taken; which one, the error does not say reliably. One by one.
        return oneByOne(batch, 0);
      } else {
        batch.forEach(pending -> pending.promise().fail(outcome.cause()));
      }
      ring();
      return Future.succeededFuture();
    });
  }

  /** The refused batch again, from its {@code from}th command, one statement at a time. */
  private Future<Void> oneByOne(List<Pending> batch, int from) {
    if (from == batch.size()) {
      return Future.succeededFuture();
    }
    Pending pending = batch.get(from);
    observer.flushed(1, System.nanoTime() - pending.queuedAt());
    tell(List.of(pending));
    return alone(pending).compose(done -> oneByOne(batch, from + 1));
  }

  private static void tell(List<Pending> batch) {
    String first = batch.get(0).append().commandId().value();
    for (Pending pending : batch) {
      if (pending.batched() != null) {
        pending.batched().sent(batch.size(), first);
      }
    }
  }

  private void ring() {
    if (notifier != null) {
      notifier.ring();
    }
  }
}
