package ledger.app.cli;

import java.util.List;

import ledger.v1.HistoryEntry;

/**
 * The history table's BY column: who asked for each event's command. Shown only when some
 * entry has a subject, so a ledger without authentication prints the table it always did;
 * then an anonymous caller's entry reads {@code -}. The column is as wide as its longest
 * subject (at most 256 characters: the server bounds subjects).
 */
final class Who {

  private static final String ANONYMOUS = "-";
  private static final Who NOBODY = new Who(0);

  private final int width;

  private Who(int width) {
    this.width = width;
  }

  static Who of(List<HistoryEntry> entries) {
    int width = entries.stream().mapToInt(entry -> entry.getSubject().length()).max().orElse(0);
    return width == 0 ? NOBODY : new Who(Math.max(width, "BY".length()));
  }

  /** The column's header with its trailing gap, or nothing when it is not shown. */
  String header() {
    return pad("BY");
  }

  String cell(HistoryEntry entry) {
    return pad(entry.getSubject().isEmpty() ? ANONYMOUS : entry.getSubject());
  }

  private String pad(String text) {
    return width == 0 ? "" : String.format("%-" + width + "s  ", text);
  }
}
