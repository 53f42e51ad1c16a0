package ledger.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.samskivert.mustache.Mustache;

/**
 * The sections of docs/benchmarks.md that a benchmark of its own measures (RebuildBench,
 * FailoverBench, SecurityBench, StreamScaleBench) rather than the suite: rendered from a Mustache template beside the benchmark's
 * class, and written into the file in place of the section of the same heading, which runs to
 * the next second-level heading (the suite carries it over by the same rule, see
 * {@code ledger.bench.suite.Carried}).
 */
public final class Sections {

  /** The heading of RebuildBench's section. */
  public static final String REBUILD_HEADING = "## Rebuilding every view";
  /** The heading of FailoverBench's section. */
  public static final String FAILOVER_HEADING = "## Failover of the projection writer";
  /** The heading of SecurityBench's section. */
  public static final String SECURITY_HEADING = "## The cost of TLS and JWT verification";
  /** The heading of StreamScaleBench's section. */
  public static final String STREAM_SCALE_HEADING = "## Balance streams at scale: 10,000 streams on one instance";

  private Sections() {
  }

  /** {@code <name>.mustache} beside {@code near} in the resources, filled from {@code context}. */
  public static String render(Class<?> near, String name, Object context) {
    try (InputStream in = near.getResourceAsStream(name + ".mustache")) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("no template " + name + ".mustache beside " + near));
      }
      // Markdown, not HTML: nothing is escaped; an empty string counts as "absent" in a section
      return Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true)
          .compile(new InputStreamReader(in, StandardCharsets.UTF_8)).execute(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code doc} with the section that starts at {@code heading} replaced by {@code section} (which
   * starts with that heading); appended after a blank line when the file has no such section yet.
   */
  public static String replace(String doc, String heading, String section) {
    if (!section.startsWith(heading)) {
      throw new IllegalArgumentException("the section does not start with " + heading);
    }
    String body = section.stripTrailing() + "\n";
    int begin = doc.indexOf(heading);
    if (begin < 0) {
      return doc.isEmpty() ? body : doc.stripTrailing() + "\n\n" + body;
    }
    int next = doc.indexOf("\n## ", begin + heading.length());
    return doc.substring(0, begin) + body + (next < 0 ? "" : "\n" + doc.substring(next + 1));
  }

  /** Writes {@code section} into the file {@code docs} (see {@link #replace}). */
  public static void write(Path docs, String heading, String section) {
    try {
      String doc = Files.exists(docs) ? Files.readString(docs) : "";
      Files.writeString(docs, replace(doc, heading, section));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + docs, e);
    }
  }

  /**
   * A sentence when the machine was busier than its cores before or after the run (the 1-minute
   * load average): then the figures are lower bounds, not results.
   */
  public static String busy(String loadBefore, String loadAfter, int cores) {
    double worst = Math.max(firstNumber(loadBefore), firstNumber(loadAfter));
    return worst > cores ? String.format(Locale.ROOT, "The machine was busy (1-minute load average up to %.2f on %d "
        + "cores): other work shared it, so these figures are lower bounds, not results.", worst, cores) : "";
  }

  /**
   * The same sentence for a run that measured the CPU of everything outside it ({@code otherCores}:
   * the machine's busy time less the processes of the run, over the measured window): busy when
   * that was more than a quarter of a core, or the load before the run was above the cores. The load
   * after a run counts the run itself, so it is not used here.
   */
  public static String busy(String loadBefore, double otherCores, int cores) {
    double before = firstNumber(loadBefore);
    if (otherCores > 0.25) {
      return String.format(Locale.ROOT, "The machine was busy (other work used up to %.2f of its %d cores during "
          + "the measured runs): these figures are lower bounds, not results.", otherCores, cores);
    }
    return before > cores ? busy(loadBefore, "0", cores) : "";
  }

  private static double firstNumber(String load) {
    try {
      return Double.parseDouble(load.trim().split("\\s+")[0]);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The three load averages of /proc/loadavg, without the process counts. */
  public static String load(String loadavg) {
    String[] f = loadavg.trim().split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : loadavg.trim();
  }

  /** The commit alone, without its subject, and whether the checkout had changes beside it. */
  public static String commit(String git) {
    String commit = git.split(" ")[0];
    return git.contains(", plus uncommitted changes") ? commit + " plus uncommitted changes" : commit;
  }
}
