package ledger.store;

import ledger.domain.CommandId;

/** The command id was recorded by a concurrent execution that committed first. */
public final class DuplicateCommandException extends RuntimeException {

  private final CommandId commandId;

  public DuplicateCommandException(CommandId commandId) {
    super("command " + commandId + " was already executed", null, false, false);
    this.commandId = commandId;
  }

  public CommandId commandId() {
    return commandId;
  }
}
