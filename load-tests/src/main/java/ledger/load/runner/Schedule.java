package ledger.load.runner;

/**
 * The open loop's timetable: call i is due at {@code start + i / rps} seconds, for every i
 * below {@code total} whose due time is before {@code end}.
 */
public record Schedule(long startNanos, int rps, long total, long endNanos) {

  public long intended(long i) {
    return startNanos + (long) (i * (1_000_000_000.0 / rps));
  }

  public boolean includes(long i) {
    return i < total && intended(i) - endNanos < 0;
  }
}
