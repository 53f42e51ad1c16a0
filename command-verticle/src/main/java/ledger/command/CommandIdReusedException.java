package ledger.command;

import java.util.Map;

import ledger.domain.CommandId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;

/** The command id names an earlier, different request, or another caller's. */
public final class CommandIdReusedException extends LedgerException {

  public CommandIdReusedException(CommandId commandId, String originalType) {
    super(Reason.COMMAND_ID_REUSED,
        "command_id " + commandId + " was already used for a different " + originalType + " request",
        Map.of("command_id", commandId.value(), "original_command_type", originalType));
  }

  private CommandIdReusedException(CommandId commandId) {
    super(Reason.COMMAND_ID_REUSED, "command_id " + commandId + " was already used by another caller; choose another",
        Map.of("command_id", commandId.value()));
  }

  /** Says nothing of the original command: not its type, not its result. */
  static CommandIdReusedException byAnotherCaller(CommandId commandId) {
    return new CommandIdReusedException(commandId);
  }
}
