package ledger.command;

import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/** The stream versions an accepted command's result names. */
final class Versions {

  private Versions() {
  }

  /** The version the result names for the account; fails when the command was refused or names none. */
  static long versionOf(Reply<CommandResult> reply, String account) {
    return reply.answer().getVersionsList().stream()
        .filter(v -> v.getAccountId().equals(account))
        .mapToLong(StreamVersion::getVersion)
        .findFirst()
        .orElseThrow(() -> new AssertionError("result names no version of " + account + ": " + reply));
  }
}
