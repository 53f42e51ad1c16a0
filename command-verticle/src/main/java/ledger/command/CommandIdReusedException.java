package ledger.command;

import ledger.domain.CommandId;

/** The command id names an earlier, different request. */
public final class CommandIdReusedException extends RuntimeException {

  private final String commandId;
  private final String originalType;

  public CommandIdReusedException(CommandId commandId, String originalType) {
    super("command_id " + commandId + " was already used for a different " + originalType + " request",
        null, false, false);
    this.commandId = commandId.value();
    this.originalType = originalType;
  }

  public String commandId() {
    return commandId;
  }

  public String originalType() {
    return originalType;
  }
}
