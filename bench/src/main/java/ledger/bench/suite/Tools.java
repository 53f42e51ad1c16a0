package ledger.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds and runs the command-line tools the suite uses (pgbench, redis-benchmark, java, git). */
public final class Tools {

  /** A finished command: its exit code and everything it printed (stdout and stderr together). */
  record Output(int exitCode, String text) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Tools() {
  }

  /** The executable {@code name} on the PATH, if there is one. */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs a command to its end (or kills it at {@code timeout}); its output also goes to {@code log} if given. */
  static Output run(List<String> command, Map<String, String> env, Path log, Duration timeout) {
    try {
      Path out = log != null ? log : Files.createTempFile("suite-tool-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new SuiteException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
      String text = Files.readString(out);
      if (log == null) {
        Files.deleteIfExists(out);
      }
      return new Output(process.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SuiteException("interrupted while running " + command.get(0), e);
    }
  }

  /** The first line a short command prints, or "" if it cannot be run. */
  public static String firstLine(List<String> command, Map<String, String> env) {
    try {
      Output out = run(command, env, null, Duration.ofSeconds(20));
      return out.text().lines().findFirst().orElse("").trim();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
