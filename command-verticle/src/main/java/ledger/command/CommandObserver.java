package ledger.command;

/** Told what the write path does, for metrics. Must be cheap and thread-safe. */
public interface CommandObserver {

  CommandObserver NONE = new CommandObserver() { };

  /** A group-commit statement went out with {@code commands} commands; the oldest had waited {@code waitNanos}. */
  default void appendBatch(int commands, long waitNanos) {
  }

  /** An append lost an optimistic-concurrency race (another writer took the version); it is retried. */
  default void conflict() {
  }

  /** A command gave up after its last retry (ABORTED). */
  default void exhausted() {
  }

  /** A command was refused at once because the role already held its most commands (APPEND_QUEUE_FULL). */
  default void appendQueueFull() {
  }
}
