package ledger.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * docs/benchmarks.md as the suite writes it: the template {@code benchmarks.md.mustache} (beside this class in
 * the resources) filled with a {@link Page} of figures. The prose lives in the template; the Java only measures
 * and formats. Two blocks of the file as it was are carried over verbatim (see {@link Carried}).
 */
final class Report {

  // Markdown, not HTML: nothing is escaped; an empty string counts as "absent" in a section
  private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true)
      .withLoader(Report::template);
  private static final Template PAGE = COMPILER.compile(template("benchmarks.md"));
  private static final Template TARGETS = COMPILER.compile(template("targets.md"));

  private Report() {
  }

  static String render(SuiteResult r, String previous) {
    return PAGE.execute(Page.of(r, previous));
  }

  /** The headline table alone, for the console. */
  static String headline(SuiteResult r) {
    return TARGETS.execute(Page.of(r, ""));
  }

  private static Reader template(String name) {
    InputStream in = Report.class.getResourceAsStream(name + ".mustache");
    if (in == null) {
      throw new UncheckedIOException(new IOException("no template " + name + ".mustache beside " + Report.class));
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }
}
