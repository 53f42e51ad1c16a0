package ledger.app.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** freeze, unfreeze and close: one account, an optional expected version, an idempotency key. */
abstract class LifecycleCommand extends ClientCommand {

  @Parameters(index = "0", description = "Account id")
  String accountId;

  @Option(names = "--expected-version", description = "Refuse (ABORTED) unless the account is at exactly this version")
  Long expectedVersion;

  @Option(names = "--command-id", description = "Idempotency key; repeating it repeats nothing (default: a new one)")
  String commandId;

  String commandId() {
    return commandId != null ? commandId : newCommandId();
  }
}
