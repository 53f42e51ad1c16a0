package ledger.command;

/**
 * How the command role behaves.
 *
 * @param maxAttempts    tries per command when another writer appended to its stream first
 * @param cacheSize      account states kept in memory, least recently used dropped first
 * @param readPageSize   events read per query when loading a stream
 */
public record CommandConfig(int maxAttempts, int cacheSize, int readPageSize) {

  public static CommandConfig defaults() {
    return new CommandConfig(8, 10_000, 5_000);
  }

  public CommandConfig {
    if (maxAttempts < 1 || cacheSize < 0 || readPageSize < 1) {
      throw new IllegalArgumentException("invalid command config " + this);
    }
  }
}
