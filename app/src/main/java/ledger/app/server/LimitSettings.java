package ledger.app.server;

import ledger.grpc.Rpc;

/**
 * Limits that keep one caller, or one burst, from exhausting the server.
 *
 * @param maxMessageBytes the largest request message, as sent and once inflated ({@code --max-message-size});
 *                        a larger one is answered RESOURCE_EXHAUSTED MESSAGE_TOO_LARGE
 */
public record LimitSettings(long maxMessageBytes) {

  /** A gigabyte: far beyond any ledger request, and within what one buffer can hold. */
  public static final long MAX_MESSAGE_BYTES_CEILING = 1L << 30;

  public LimitSettings {
    if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES_CEILING) {
      throw new IllegalArgumentException("--max-message-size must be between 1 and " + MAX_MESSAGE_BYTES_CEILING
          + " bytes, got " + maxMessageBytes);
    }
  }

  public static LimitSettings defaults() {
    return new LimitSettings(Rpc.DEFAULT_MAX_MESSAGE_BYTES);
  }

  public LimitSettings withMaxMessageBytes(long bytes) {
    return new LimitSettings(bytes);
  }
}
