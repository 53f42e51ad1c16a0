package ledger.command;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;

/**
 * Bounds the commands the role holds at once, wherever they wait: behind an earlier command
 * of their account, for their account's load, in the group-commit queue, or in a statement.
 * Bounding only the group-commit queue would not do: when PostgreSQL slows down, commands also
 * pile up in the account lanes and in the pool's wait for a connection. One counter for the
 * process, since the handler serves every event loop; a compare-and-set per command.
 */
final class CommandAdmission {

  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  CommandAdmission(int max) {
    this.max = max;
  }

  /** True when the command may enter; then {@link #leave} must follow exactly once. */
  boolean tryEnter() {
    int now;
    do {
      now = held.get();
      if (now >= max) {
        return false;
      }
    } while (!held.compareAndSet(now, now + 1));
    return true;
  }

  void leave() {
    held.decrementAndGet();
  }

  int held() {
    return held.get();
  }

  LedgerException refusal() {
    return new LedgerException(new Rejection(Reason.APPEND_QUEUE_FULL, "the ledger already holds " + max
        + " commands waiting to be appended; retry with the same command_id",
        Map.of("limit", Integer.toString(max))));
  }
}
