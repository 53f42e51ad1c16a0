package ledger.client;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;

/** INVALID_ARGUMENT / COMMAND_ID_REUSED: the command id names an earlier, different request (or another caller's); never retried. */
public final class CommandIdReusedException extends LedgerException {

  CommandIdReusedException(Status.Code code, String reason, Map<String, String> metadata, String message, Duration retryDelay,
      Throwable cause) {
    super(code, reason, metadata, message, retryDelay, cause);
  }

  public String commandId() {
    return metadata().getOrDefault("command_id", "");
  }
}
