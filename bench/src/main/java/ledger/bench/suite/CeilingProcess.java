package ledger.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link ledger.bench.ceiling.CeilingServer} in a JVM of its own, started with the JVM options the service runs with. */
public final class CeilingProcess implements AutoCloseable {

  static final String DEFAULT_JVM = "-Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20";

  private final Process process;
  private final int port;
  private final String jvmOptions;

  private CeilingProcess(Process process, int port, String jvmOptions) {
    this.process = process;
    this.port = port;
    this.jvmOptions = jvmOptions;
  }

  static CeilingProcess start(int port, Path log) {
    return start(port, log, List.of());
  }

  /** @param flags further CeilingServer flags, e.g. {@code --tls-cert}, {@code --tls-key} */
  public static CeilingProcess start(int port, Path log, List<String> flags) {
    String options = System.getenv().getOrDefault("JAVA_OPTS", DEFAULT_JVM);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "ledger.bench.ceiling.CeilingServer", "--port",
        Integer.toString(port)));
    command.addAll(flags);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("Ceiling server ready")) {
        if (!process.isAlive() || System.nanoTime() - deadline > 0) {
          process.destroyForcibly();
          throw new SuiteException("the ceiling server did not start; see " + log);
        }
        Thread.sleep(20);
      }
      return new CeilingProcess(process, port, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the ceiling server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SuiteException("interrupted while the ceiling server started", e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  String jvmOptions() {
    return jvmOptions;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
