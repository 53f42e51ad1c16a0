package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's quick tour is what the commands print: every {@code $ ./ledger ...} line of
 * it runs, in order, against a fresh ledger, through the command line {@code ./ledger}
 * runs, and its output must be the README's but for what differs between runs
 * ({@link VaryingParts}). Versions, positions, balances and messages are checked as shown.
 */
class ReadmeTourIT {

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture();

  private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
  /** README.md with this run's output in the tour: what to copy over it when the tour changes. */
  private static final Path REWRITTEN = Path.of("target", "README.tour.md").toAbsolutePath();

  @Test
  void the_quick_tour_prints_what_the_readme_shows() throws Exception {
    ReadmeTour tour = ReadmeTour.read(README);
    assertThat(tour.steps()).as("the $ ./ledger lines of '%s'", ReadmeTour.SECTION).hasSizeGreaterThan(5);
    VaryingParts parts = new VaryingParts();
    List<TourStep> run = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    for (TourStep shown : tour.steps()) {
      parts.unknownIn(shown.command()).forEach(value -> report.append("README.md line ").append(shown.line())
          .append(": ").append(value).append(" appears in no earlier output, so no run can reproduce it;")
          .append(" quote a token or time that an earlier command printed\n"));
      String command = parts.substitute(shown.command());
      TourStep printed = new TourStep(shown.line(), command, CliRun.of(ledger, TourStep.words(command)).lines());
      run.add(printed);
      report.append(TourDiff.of(shown, printed, parts));
    }
    Files.writeString(REWRITTEN, tour.rewrite(run));
    if (report.length() > 0) {
      throw new AssertionError("README.md's quick tour is not what the commands print today"
          + " (- README, + this run; times, and the transaction id inside a token, are not compared):\n\n" + report
          + "\nIf the README is stale, update it: " + REWRITTEN + " is README.md with this run's output in the"
          + " tour;\nreview `diff README.md app/target/README.tour.md` and copy it over README.md (any run's tokens"
          + " and times will do).\nIf the output is wrong, fix the command line instead.");
    }
  }
}
