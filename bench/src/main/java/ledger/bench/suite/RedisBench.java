package ledger.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Redis ceiling: redis-benchmark against an embedded Redis: the suite's GET, one command per
 * round trip, and RebuildBench's pipelined HSET on keys spread like accounts.
 */
public final class RedisBench {

  /** Keys key:000000000000 .. key:000000009999, filled by a SET run first so every GET hits. */
  static final int KEYS = 10_000;

  public record Result(int clients, long requests, double rps, double p50Ms, double p99Ms, String command) {
  }

  private final Path executable;
  private final int port;
  private final Path dir;

  public RedisBench(Path executable, int port, Path dir) {
    this.executable = executable;
    this.port = port;
    this.dir = dir;
  }

  Result run(String name, String test, int clients, long requests) {
    return run(name, clients, requests, 1, KEYS, List.of("-t", test), test);
  }

  /**
   * One redis-benchmark run: {@code pipeline} commands per round trip ({@code -P}), random keys out of
   * {@code keys} ({@code -r}); {@code what} is {@code -t test} or a command of its own (redis-benchmark
   * puts the rest of its arguments in a command, with {@code __rand_int__} replaced), whose line in the
   * CSV output starts with {@code test}.
   */
  public Result run(String name, int clients, long requests, int pipeline, int keys, List<String> what, String test) {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-c", Integer.toString(clients), "-n", Long.toString(requests), "-P",
        Integer.toString(pipeline), "-r", Integer.toString(keys), "--csv"));
    command.addAll(what);
    Tools.Output out = Tools.run(command, Map.of(), dir.resolve(name + ".out"), Duration.ofMinutes(10));
    if (!out.ok()) {
      throw new SuiteException("redis-benchmark failed (exit " + out.exitCode() + "): " + out.text().strip());
    }
    String shown = String.join(" ", command).replaceAll("-p \\d+", "-p <embedded port>")
        .replace(executable.toString(), "redis-benchmark");
    double[] figures = parse(out.text(), test);
    return new Result(clients, requests, figures[0], figures[1], figures[2], shown);
  }

  /**
   * {rps, p50 ms, p99 ms} from --csv output: redis-benchmark 6.2+ prints a header
   * ("test","rps",...,"p50_latency_ms",...,"p99_latency_ms",...) and one row per test;
   * older versions print only "TEST","rps". Missing figures are NaN.
   */
  static double[] parse(String csv, String test) {
    String[] header = null;
    for (String line : csv.split("\r?\n|\r")) {
      String[] cells = line.trim().replace("\"", "").split(",");
      if (cells.length < 2) {
        continue;
      }
      if (cells[0].equalsIgnoreCase("test")) {
        header = cells;
      } else if (cells[0].equalsIgnoreCase(test) || cells[0].toUpperCase(Locale.ROOT).startsWith(
          test.toUpperCase(Locale.ROOT) + " ")) {
        return new double[] {number(cells, 1), number(cells, column(header, "p50_latency_ms")),
            number(cells, column(header, "p99_latency_ms"))};
      }
    }
    throw new SuiteException("no " + test + " line in redis-benchmark's output: " + csv.strip());
  }

  private static int column(String[] header, String name) {
    if (header != null) {
      for (int i = 0; i < header.length; i++) {
        if (header[i].equals(name)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static double number(String[] cells, int i) {
    try {
      return i < 0 || i >= cells.length ? Double.NaN : Double.parseDouble(cells[i]);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
