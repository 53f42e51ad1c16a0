package ledger.command;

import ledger.grpc.Rpc;

/**
 * How the command role behaves.
 *
 * @param maxAttempts    tries per command when another writer appended to its stream first
 * @param cacheSize      account states kept in memory, least recently used dropped first
 * @param readPageSize   events read per query when loading a stream
 * @param snapshotEvery  an account's state is snapshotted each time its version crosses a multiple of this
 * @param batchMax       most commands appended in one statement (group commit)
 * @param batchInFlight  most append statements running at once
 * @param batchLingerMicros how long an append statement waits after its first command for more (0: not at all)
 * @param pgPoolSize     PostgreSQL connections of the role: the appends in flight plus account loads
 * @param queueMax       most commands the role holds at once (waiting for their account, their load or their
 *                       append, or being appended); beyond it a command is refused at once with APPEND_QUEUE_FULL
 * @param maxMessageBytes the largest request message accepted, inflated ({@code --max-message-size})
 */
public record CommandConfig(int maxAttempts, int cacheSize, int readPageSize, int snapshotEvery, int batchMax,
                            int batchInFlight, long batchLingerMicros, int pgPoolSize, int queueMax, long maxMessageBytes) {

  public static CommandConfig defaults() {
    return new CommandConfig(8, 10_000, 5_000, 100, 256, 2, 0, 16, 10_000, Rpc.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public CommandConfig withCacheSize(int size) {
    return new CommandConfig(maxAttempts, size, readPageSize, snapshotEvery, batchMax, batchInFlight,
        batchLingerMicros, pgPoolSize, queueMax, maxMessageBytes);
  }

  public CommandConfig withSnapshotEvery(int every) {
    return new CommandConfig(maxAttempts, cacheSize, readPageSize, every, batchMax, batchInFlight,
        batchLingerMicros, pgPoolSize, queueMax, maxMessageBytes);
  }

  public CommandConfig withBatching(int max, int inFlight, long lingerMicros) {
    return new CommandConfig(maxAttempts, cacheSize, readPageSize, snapshotEvery, max, inFlight, lingerMicros,
        pgPoolSize, queueMax, maxMessageBytes);
  }

  public CommandConfig withPgPoolSize(int size) {
    return new CommandConfig(maxAttempts, cacheSize, readPageSize, snapshotEvery, batchMax, batchInFlight,
        batchLingerMicros, size, queueMax, maxMessageBytes);
  }

  public CommandConfig withQueueMax(int max) {
    return new CommandConfig(maxAttempts, cacheSize, readPageSize, snapshotEvery, batchMax, batchInFlight,
        batchLingerMicros, pgPoolSize, max, maxMessageBytes);
  }

  public CommandConfig withMaxMessageBytes(long bytes) {
    return new CommandConfig(maxAttempts, cacheSize, readPageSize, snapshotEvery, batchMax, batchInFlight,
        batchLingerMicros, pgPoolSize, queueMax, bytes);
  }

  public CommandConfig {
    if (maxAttempts < 1 || cacheSize < 0 || readPageSize < 1 || snapshotEvery < 1 || batchMax < 1
        || batchInFlight < 1 || batchLingerMicros < 0 || pgPoolSize < 1 || queueMax < 1 || maxMessageBytes < 1) {
      throw new IllegalArgumentException("invalid command config " + this);
    }
  }
}
