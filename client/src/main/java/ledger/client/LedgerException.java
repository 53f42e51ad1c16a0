package ledger.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.grpc.Status;

/**
 * The ledger answered a call with an error (or could not be reached): its gRPC status code, the
 * machine-readable reason of its {@code google.rpc.ErrorInfo} (empty when the answer carried
 * none, e.g. a connection that could not be opened), the ErrorInfo's metadata and the server's
 * message. The reasons the caller typically handles have a subclass of their own
 * ({@link InsufficientFundsException}, {@link AccountNotFoundException}, ...); every other one is a
 * {@link GenericLedgerException}. Thrown by {@link LedgerClient} once it has stopped retrying.
 */
public abstract class LedgerException extends RuntimeException {

  private final Status.Code code;
  private final String reason;
  private final Map<String, String> metadata;
  private final Duration retryDelay;
  private int attempts = 1;

  protected LedgerException(Status.Code code, String reason, Map<String, String> metadata, String message,
      Duration retryDelay, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.reason = reason == null ? "" : reason;
    this.metadata = Map.copyOf(metadata);
    this.retryDelay = retryDelay;
  }

  /** The gRPC status code of the answer. */
  public Status.Code code() {
    return code;
  }

  /** The ErrorInfo reason (a name of the ledger's reason table, e.g. {@code INSUFFICIENT_FUNDS}), or "". */
  public String reason() {
    return reason;
  }

  /** The ErrorInfo metadata: the facts behind the refusal (account_id, balance_minor, ...). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The server's {@code google.rpc.RetryInfo} delay, when it said when a retry may succeed. */
  public Optional<Duration> retryDelay() {
    return Optional.ofNullable(retryDelay);
  }

  /** How many attempts the client made before giving up with this error (1: it was not retried). */
  public int attempts() {
    return attempts;
  }

  LedgerException afterAttempts(int value) {
    this.attempts = value;
    return this;
  }

  /** The metadata value under {@code key} as a number; fails loudly when the server did not send it. */
  protected long longOf(String key) {
    String value = metadata.get(key);
    if (value == null) {
      throw new IllegalStateException(reason + " carries no " + key + " (metadata " + metadata + ")");
    }
    return Long.parseLong(value);
  }

  /** The {@code account_id} the refusal is about ("" when the server named none). */
  public String accountId() {
    return metadata.getOrDefault("account_id", "");
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + code + (reason.isEmpty() ? "" : " " + reason) + "]: " + getMessage()
        + (metadata.isEmpty() ? "" : " " + metadata);
  }
}
