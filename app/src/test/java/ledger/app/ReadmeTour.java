package ledger.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's "A quick tour": every {@code $ ./ledger ...} line of the section's
 * {@code ```text} blocks, in order, with the output the README shows under it.
 */
final class ReadmeTour {

  static final String SECTION = "## A quick tour";
  private static final String PROMPT = "$ ./ledger ";

  private final List<String> readme;
  private final List<TourStep> steps = new ArrayList<>();

  private ReadmeTour(List<String> readme) {
    this.readme = readme;
  }

  static ReadmeTour read(Path path) throws IOException {
    ReadmeTour tour = new ReadmeTour(Files.readAllLines(path));
    tour.parse();
    return tour;
  }

  List<TourStep> steps() {
    return steps;
  }

  /** The whole README with each step's command and output replaced by those of {@code real}, in order. */
  String rewrite(List<TourStep> real) {
    List<String> lines = new ArrayList<>(readme);
    for (int i = steps.size() - 1; i >= 0; i--) {
      TourStep shown = steps.get(i);
      List<String> replacement = new ArrayList<>();
      replacement.add(PROMPT + real.get(i).command());
      replacement.addAll(real.get(i).output());
      List<String> span = lines.subList(shown.line() - 1, shown.line() + shown.output().size());
      span.clear();
      span.addAll(replacement);
    }
    return String.join("\n", lines) + "\n";
  }

  private void parse() {
    int start = readme.indexOf(SECTION);
    if (start < 0) {
      throw new IllegalStateException("README.md has no section '" + SECTION + "'");
    }
    boolean inText = false;
    Integer commandLine = null;
    List<String> output = new ArrayList<>();
    for (int i = start + 1; i < readme.size() && !readme.get(i).startsWith("## "); i++) {
      String line = readme.get(i);
      if (line.startsWith("```")) {
        if (commandLine != null) {
          endStep(commandLine, output);
          commandLine = null;
        }
        inText = !inText && line.equals("```text");
        continue;
      }
      if (!inText) {
        continue;
      }
      if (line.startsWith("$ ")) {
        if (!line.startsWith(PROMPT)) {
          throw new IllegalStateException("README.md line " + (i + 1) + ": the tour test runs ./ledger commands only");
        }
        if (commandLine != null) {
          endStep(commandLine, output);
        }
        commandLine = i + 1;
      } else if (commandLine != null) {
        output.add(line.stripTrailing());
      } else if (!line.isBlank()) {
        throw new IllegalStateException("README.md line " + (i + 1) + ": output without a `$ ./ledger` command");
      }
    }
  }

  private void endStep(int line, List<String> output) {
    while (!output.isEmpty() && output.get(output.size() - 1).isBlank()) {
      output.remove(output.size() - 1);
    }
    steps.add(new TourStep(line, readme.get(line - 1).substring(PROMPT.length()), output));
    output.clear();
  }
}
