package ledger.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ledger watch} running in this JVM on a thread of its own, as a terminal would show
 * it while it runs; {@link #stop} ends it as Ctrl-C does and returns its exit code.
 */
final class WatchRun {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Thread thread;

  private WatchRun(String target, List<String> words) {
    List<String> args = new ArrayList<>(List.of("watch"));
    args.addAll(words);
    args.addAll(List.of("--target", target));
    thread = new Thread(() -> exit.complete(Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(args.toArray(new String[0]))), "ledger-watch");
  }

  /** Starts {@code ledger watch <words> --target <target>}. */
  static WatchRun start(String target, String... words) {
    WatchRun run = new WatchRun(target, List.of(words));
    run.thread.start();
    return run;
  }

  /** The lines printed to stdout so far. */
  List<String> out() {
    return out.toString().lines().toList();
  }

  /** The lines printed to stderr so far. */
  List<String> err() {
    return err.toString().lines().toList();
  }

  /** Stops the command (as Ctrl-C) and returns its exit code. */
  int stop(Duration limit) throws Exception {
    thread.interrupt();
    return exit.get(limit.toMillis(), TimeUnit.MILLISECONDS);
  }
}
