package ledger.app;

import java.util.List;

/**
 * A step's output as the README shows it against what the run printed, as a line diff
 * ({@code -} only in the README, {@code +} only in the run). Lines that match bind the
 * README's varying values to the run's.
 */
final class TourDiff {

  private TourDiff() {
  }

  /** Empty if the run printed what the README shows; otherwise the diff, headed by the command. */
  static String of(TourStep shown, TourStep real, VaryingParts parts) {
    List<String> a = shown.output();
    List<String> b = real.output();
    // Longest common subsequence of lines, from the ends, so the walk below goes forwards.
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = parts.matches(a.get(i), b.get(j))
            ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    StringBuilder diff = new StringBuilder();
    boolean differs = false;
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && parts.matches(a.get(i), b.get(j))
          && common[i][j] == common[i + 1][j + 1] + 1) {
        parts.bind(a.get(i), b.get(j));
        diff.append("  ").append(a.get(i++)).append('\n');
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        diff.append("- ").append(a.get(i++)).append('\n');
        differs = true;
      } else {
        diff.append("+ ").append(b.get(j++)).append('\n');
        differs = true;
      }
    }
    return differs ? "README.md line " + shown.line() + ": $ ./ledger " + shown.command() + "\n" + diff : "";
  }
}
