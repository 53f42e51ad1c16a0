package ledger.load.runner;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * One connection's share of an open-loop run, as a pure state machine (the caller supplies
 * the time): it starts each call of its lane (request numbers {@code first},
 * {@code first + stride}, ...) once the schedule says it is due and a worker is free.
 * Latency is then measured from the call's due time, not from when it could start: a call
 * that had to wait for a worker because the server stalled carries that wait in its
 * latency, which is what a user arriving on schedule would have seen (coordinated omission).
 */
public final class OpenLoop {

  /** Where the lane stands after a {@link #pump}. */
  public enum State {
    /** The next call falls due at {@link #nextDue()}. */
    WAITING,
    /** A call is due but every worker is busy: the next release will start it. */
    BLOCKED,
    /** Every call of the lane has been started. */
    EXHAUSTED
  }

  /** Starts a call; may release the worker before returning. */
  @FunctionalInterface
  public interface Starter {
    void start(long requestNumber, long intendedNanos, int worker);
  }

  private final Schedule schedule;
  private final long stride;
  private final Deque<Integer> free;
  private final Starter starter;
  private long next;
  private int inFlight;

  public OpenLoop(Schedule schedule, long first, long stride, Collection<Integer> workers, Starter starter) {
    this.schedule = schedule;
    this.next = first;
    this.stride = stride;
    this.free = new ArrayDeque<>(workers);
    this.starter = starter;
  }

  /** Starts every call that is due by {@code now} and has a free worker. */
  public State pump(long now) {
    while (schedule.includes(next)) {
      long due = schedule.intended(next);
      if (due - now > 0) {
        return State.WAITING;
      }
      if (free.isEmpty()) {
        return State.BLOCKED;
      }
      long n = next;
      next += stride;
      inFlight++;
      starter.start(n, due, free.pop());
    }
    return State.EXHAUSTED;
  }

  /** When the next call of the lane falls due. */
  public long nextDue() {
    return schedule.intended(next);
  }

  public void release(int worker) {
    inFlight--;
    free.push(worker);
  }

  public int inFlight() {
    return inFlight;
  }

  public boolean finished() {
    return !schedule.includes(next) && inFlight == 0;
  }
}
