package ledger.projection;

import java.time.Duration;

/**
 * How the writer proves it still holds its lock, and how soon PostgreSQL drops a holder that
 * went silent. Two writers must never write at once, so the writer stops on its own well
 * before PostgreSQL can hand the lock to a standby: {@code checkInterval + fenceAfter} is at
 * most half of {@code sessionTimeout}, the other half a margin for a stalled event loop.
 *
 * @param checkInterval  how often the writer runs a round trip on its lock's session
 * @param fenceAfter     the writer stops writing, and gives the session up, when no round trip
 *                       sent in this long has been answered
 * @param sessionTimeout PostgreSQL ends the holder's session, releasing the lock, once it has
 *                       heard nothing from it for this long (whole seconds, at least 2)
 */
public record LockLiveness(Duration checkInterval, Duration fenceAfter, Duration sessionTimeout) {

  /** A silent holder stops within 4 s; a standby takes over about 8 s after the silence began. */
  public static final LockLiveness DEFAULTS =
      new LockLiveness(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(8));

  public LockLiveness {
    if (checkInterval.isNegative() || checkInterval.isZero() || fenceAfter.isNegative() || fenceAfter.isZero()
        || sessionTimeout.toSeconds() < 2
        || checkInterval.plus(fenceAfter).compareTo(sessionTimeout.dividedBy(2)) > 0) {
      throw new IllegalArgumentException("invalid lock liveness " + checkInterval + ", " + fenceAfter + ", "
          + sessionTimeout + ": the writer must stop within half the session timeout");
    }
  }
}
