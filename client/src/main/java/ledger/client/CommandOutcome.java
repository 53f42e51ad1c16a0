package ledger.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/**
 * What an accepted command did: its command id (the caller's, or the one the client made), the
 * consistency token a later read can wait on, the global position of its last event, the new
 * stream version of each account it touched (one for a deposit, two for a transfer), whether the
 * ledger had already executed this command id ({@code deduplicated}: the original result, nothing
 * appended again), how many events it appended, and how many attempts the client made.
 */
public record CommandOutcome(String commandId, String consistencyToken, long globalPosition,
    Map<String, Long> versions, boolean deduplicated, int eventsAppended, int attempts) {

  public CommandOutcome {
    versions = Map.copyOf(versions);
  }

  static CommandOutcome of(String commandId, CommandResult result, int attempts) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (StreamVersion version : result.getVersionsList()) {
      versions.put(version.getAccountId(), version.getVersion());
    }
    return new CommandOutcome(commandId, result.getConsistencyToken(), result.getGlobalPosition(), versions,
        result.getDeduplicated(), result.getEventsAppended(), attempts);
  }

  /** The account's stream version after this command, if it touched the account. */
  public OptionalLong versionOf(String accountId) {
    Long version = versions.get(accountId);
    return version == null ? OptionalLong.empty() : OptionalLong.of(version);
  }
}
