package ledger.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ledger.domain.AccountId;
import ledger.domain.CommandId;

/**
 * One command's write: its events (one or more streams) and its idempotency record.
 * The fingerprint is the SHA-256 of the request, so a reused command id with a
 * different request can be told apart from a retry. The subject is who asked (the caller's
 * authenticated subject, null when anonymous): it goes into every event's metadata and the
 * command's record. The traceparent (W3C, null when the command is not traced) goes into every
 * event's metadata too, so the projection's apply of them joins the command's trace.
 */
public record Append(CommandId commandId, byte[] fingerprint, String commandType, String correlationId,
                     String subject, List<NewEvent> events, String traceparent) {

  public Append {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an append needs at least one event");
    }
    if (fingerprint.length != 32) {
      throw new IllegalArgumentException("fingerprint must be a SHA-256 digest");
    }
    events = List.copyOf(events);
  }

  /** An untraced command's write. */
  public Append(CommandId commandId, byte[] fingerprint, String commandType, String correlationId, String subject,
                List<NewEvent> events) {
    this(commandId, fingerprint, commandType, correlationId, subject, events, null);
  }

  /** The same write, its events carrying {@code value} as their traceparent. */
  public Append withTraceparent(String value) {
    return new Append(commandId, fingerprint, commandType, correlationId, subject, events, value);
  }

  /** The stream version of each stream after this append. */
  public Map<AccountId, Long> versions() {
    Map<AccountId, Long> versions = new TreeMap<>();
    for (NewEvent event : events) {
      versions.merge(event.streamId(), event.version(), Math::max);
    }
    return versions;
  }
}
