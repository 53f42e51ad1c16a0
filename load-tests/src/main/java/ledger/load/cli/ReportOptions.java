package ledger.load.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import ledger.load.report.ReportWriter;
import ledger.load.report.SummaryPrinter;
import ledger.load.runner.RunResult;
import picocli.CommandLine.Option;

/** Where a run's results go: the summary to stdout, and with --report-dir a JSON and an HTML report. */
public final class ReportOptions {

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Also write <name>.json and <name>.html (self-contained) into DIR.")
  Path reportDir;

  void publish(RunResult result, PrintStream out, PrintStream err) {
    SummaryPrinter.print(result, out);
    if (reportDir != null) {
      List<Path> files = ReportWriter.write(result, reportDir);
      err.println("Reports: " + files.get(0) + ", " + files.get(1));
    }
  }
}
