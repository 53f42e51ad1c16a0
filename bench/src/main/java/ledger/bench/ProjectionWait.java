package ledger.bench;

import java.time.Duration;

import ledger.app.server.LedgerServer;

/** Benchmarks that time reads of the views first let the server's projection catch up. */
public final class ProjectionWait {

  private ProjectionWait() {
  }

  /** Returns once the server's projection has applied {@code position}; fails after {@code limit}. */
  public static void until(LedgerServer server, long position, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (server.projection().checkpoint().globalPosition() < position) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the projection did not reach position " + position + " within "
            + limit.toMinutes() + " minutes");
      }
      Thread.sleep(100);
    }
  }
}
