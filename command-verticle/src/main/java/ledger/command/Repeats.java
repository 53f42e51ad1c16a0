package ledger.command;

import java.util.Objects;

/**
 * Who may repeat a command id and be given its first result. A command id is global, but its
 * result belongs to whoever asked: a repeat by another subject is refused (COMMAND_ID_REUSED,
 * naming nothing of the original), so it can neither learn someone else's outcome by guessing
 * an id nor take that outcome for its own execution (two services that happen to pick the same
 * id would otherwise each believe their deposit was made). A command recorded without a subject
 * (an anonymous caller, authentication off, or one recorded before subjects were) belongs to
 * nobody: anyone may repeat it, as before, so a client retrying across the switch to
 * authentication still gets its answer.
 */
final class Repeats {

  private Repeats() {
  }

  static boolean mayRepeat(String recordedSubject, String repeatingSubject) {
    return recordedSubject == null || Objects.equals(recordedSubject, repeatingSubject);
  }
}
