package ledger.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One client command run in this JVM through the command line {@code ./ledger} runs, aimed
 * at a test's ledger, with what a terminal would show: stdout, then stderr.
 */
record CliRun(int exit, List<String> lines) {

  static CliRun of(ServerFixture ledger, List<String> words) {
    return at("127.0.0.1:" + ledger.grpcPort, words);
  }

  /** A run aimed at {@code target} (host:port). */
  static CliRun at(String target, List<String> words) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(words);
    args.add("--target");
    args.add(target);
    int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args.toArray(new String[0]));
    List<String> lines = new ArrayList<>();
    (out.toString() + err).lines().map(String::stripTrailing).forEach(lines::add);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return new CliRun(exit, List.copyOf(lines));
  }

  static CliRun of(ServerFixture ledger, String... words) {
    return of(ledger, List.of(words));
  }
}
