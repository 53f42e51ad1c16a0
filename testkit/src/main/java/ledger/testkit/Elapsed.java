package ledger.testkit;

/** Milliseconds between two readings of {@link System#nanoTime()}. */
final class Elapsed {

  private Elapsed() {
  }

  static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
