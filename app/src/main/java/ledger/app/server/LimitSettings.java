package ledger.app.server;

import ledger.grpc.Rpc;

/**
 * Limits that keep one caller, or one burst, from exhausting the server (docs/security.md, "Limits").
 *
 * @param commandRate         commands a second per caller (token bucket refill); 0 turns the rate limit off
 * @param commandBurst        commands a caller may send at once before the rate applies; 0 means one second's worth
 * @param maxStreamsPerCaller server streams one caller may have open at once, over all its connections
 * @param appendQueueMax      commands the command role holds at once; beyond it APPEND_QUEUE_FULL at once
 * @param maxMessageBytes     the largest request message, as sent and once inflated ({@code --max-message-size});
 *                            a larger one is answered RESOURCE_EXHAUSTED MESSAGE_TOO_LARGE
 */
public record LimitSettings(long commandRate, long commandBurst, int maxStreamsPerCaller, int appendQueueMax,
    long maxMessageBytes) {

  /**
   * Callers whose token buckets are kept at most (about 500 bytes each, so 10 MB); the least recently
   * seen are forgotten first, and one forgotten early only starts again with a full bucket.
   */
  public static final long MAX_RATE_LIMITED_CALLERS = 20_000;

  /** A gigabyte: far beyond any ledger request, and within what one buffer can hold. */
  public static final long MAX_MESSAGE_BYTES_CEILING = 1L << 30;

  public LimitSettings {
    if (commandRate < 0) {
      throw new IllegalArgumentException("--command-rate must be 0 (off) or more, got " + commandRate);
    }
    if (commandBurst < 0) {
      throw new IllegalArgumentException("--command-burst must be 0 (the rate) or more, got " + commandBurst);
    }
    if (maxStreamsPerCaller < 1) {
      throw new IllegalArgumentException("--max-streams-per-caller must be 1 or more, got " + maxStreamsPerCaller);
    }
    if (appendQueueMax < 1) {
      throw new IllegalArgumentException("--append-queue-max must be 1 or more, got " + appendQueueMax);
    }
    if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES_CEILING) {
      throw new IllegalArgumentException("--max-message-size must be between 1 and " + MAX_MESSAGE_BYTES_CEILING
          + " bytes, got " + maxMessageBytes);
    }
  }

  /** No command rate limit, 10,000 streams per caller, 10,000 commands held by the command role, 4 MiB messages. */
  public static LimitSettings defaults() {
    return new LimitSettings(0, 0, 10_000, 10_000, Rpc.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public boolean rateLimited() {
    return commandRate > 0;
  }

  /** The bucket's size: the burst given, or one second's worth of the rate. */
  public long effectiveBurst() {
    return commandBurst > 0 ? commandBurst : commandRate;
  }

  public LimitSettings withCommandRate(long rate, long burst) {
    return new LimitSettings(rate, burst, maxStreamsPerCaller, appendQueueMax, maxMessageBytes);
  }

  public LimitSettings withMaxStreamsPerCaller(int max) {
    return new LimitSettings(commandRate, commandBurst, max, appendQueueMax, maxMessageBytes);
  }

  public LimitSettings withAppendQueueMax(int max) {
    return new LimitSettings(commandRate, commandBurst, maxStreamsPerCaller, max, maxMessageBytes);
  }

  public LimitSettings withMaxMessageBytes(long bytes) {
    return new LimitSettings(commandRate, commandBurst, maxStreamsPerCaller, appendQueueMax, bytes);
  }
}
