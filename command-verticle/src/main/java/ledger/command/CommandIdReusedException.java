package ledger.command;

import ledger.domain.CommandId;

/** The command id names an earlier, different request. */
public final class CommandIdReusedException extends RuntimeException {

  public CommandIdReusedException(CommandId commandId, String originalType) {
    super("command_id " + commandId + " was already used for a different " + originalType + " request",
        null, false, false);
  }
}
