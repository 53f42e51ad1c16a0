package ledger.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ledger.load.runner.RunResult;

/** Writes {@code <name>.json} and {@code <name>.html} of a run into a folder. */
public final class ReportWriter {

  private ReportWriter() {
  }

  /** @return the two files written */
  public static List<Path> write(RunResult result, Path dir) {
    String base = result.name().replaceAll("[^A-Za-z0-9._-]", "_");
    Path json = dir.resolve(base + ".json");
    Path html = dir.resolve(base + ".html");
    try {
      Files.createDirectories(dir);
      Files.writeString(json, JsonReport.of(result).encodePrettily() + "\n");
      Files.writeString(html, HtmlReport.render(result));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir, e);
    }
    return List.of(json, html);
  }
}
