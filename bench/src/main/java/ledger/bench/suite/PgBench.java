package ledger.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * The PostgreSQL ceiling: pgbench, each transaction one durable single-row INSERT into a
 * table shaped like ledger.events (the event store's own migration, renamed), prepared
 * statements, against the service's embedded server. Latency percentiles come from
 * pgbench's per-transaction log (a sample of it), the rate from its summary.
 */
public final class PgBench {

  /** The table's DDL is the event store's V1 migration with the table renamed; the immutability trigger is not. */
  static final String MIGRATION = "event-store/src/main/resources/db/migration/V1__events.sql";
  static final String TABLE = "bench.events";
  static final double LOG_SAMPLING = 0.2;

  /** The transaction: a MoneyDeposited-sized event on one of 10,000 streams at a random (never repeated) version. */
  static final String SCRIPT = """
      \\set account random(0, 9999)
      \\set version random(1, 1000000000000)
      INSERT INTO bench.events (stream_id, stream_version, event_type, schema_version, payload, metadata) VALUES ('acc-' || :account, :version, 'MoneyDeposited', 1, '{"amount_minor": 1234, "currency": "USD", "reference": "suite 12 #3456"}', '{"command_id": "dep-0b7d3c6e-52a4-4a8e-9a57-1f0c3e6f8b21", "correlation_id": "9f1c2e3d4b5a6978"}');
      """;

  /** {@code rate} is pgbench's {@code -R} (0: as fast as it goes); with a rate, latency counts from the scheduled start. */
  public record Result(int clients, int rate, double tps, double averageMs, double p50Ms, double p99Ms, long transactions,
                long failed, String command) {
  }

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern AVERAGE = Pattern.compile("latency average = ([0-9.]+) ms");
  private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

  private final Path executable;
  private final int port;
  private final Path dir;
  private final String scriptName;
  private final String script;

  PgBench(Path executable, int port, Path dir) {
    this(executable, port, dir, "pgbench-insert.sql", SCRIPT);
  }

  /** pgbench running {@code script} (written to {@code scriptName} in {@code dir}) instead of the single insert. */
  public PgBench(Path executable, int port, Path dir, String scriptName, String script) {
    this.executable = executable;
    this.port = port;
    this.dir = dir;
    this.scriptName = scriptName;
    this.script = script;
  }

  /** The bench table's DDL, from the event store's migration in the checkout. */
  static String ddl(Path repo) {
    try {
      return ddlOf(Files.readString(repo.resolve(MIGRATION)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MIGRATION, e);
    }
  }

  /** The same, from the migration the event store's jar carries (for benchmarks that run from the jar alone). */
  public static String ddl() {
    try (InputStream in = PgBench.class.getResourceAsStream("/db/migration/V1__events.sql")) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("no db/migration/V1__events.sql on the class path"));
      }
      return ddlOf(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event store's V1 migration", e);
    }
  }

  private static String ddlOf(String v1) {
    return "DROP SCHEMA IF EXISTS bench CASCADE;\nCREATE SCHEMA bench;\n" + v1.replace("ledger.events", TABLE);
  }

  /**
   * A transaction of {@code rows} MoneyDeposited-shaped events in one INSERT, each on another of 10,000
   * streams (a random run of consecutive accounts, one random version for all): a batched write of the
   * event store's rows, as durable as the single insert.
   */
  public static String batchedScript(int rows) {
    return """
        \\set account random(0, 9999)
        \\set version random(1, 1000000000000)
        INSERT INTO bench.events (stream_id, stream_version, event_type, schema_version, payload, metadata) SELECT 'acc-' || ((:account + i) %% 10000), :version, 'MoneyDeposited', 1, '{"amount_minor": 1234, "currency": "USD", "reference": "suite 12 #3456"}', '{"command_id": "dep-0b7d3c6e-52a4-4a8e-9a57-1f0c3e6f8b21", "correlation_id": "9f1c2e3d4b5a6978"}' FROM generate_series(1, %d) AS i;
        """.formatted(rows);
  }

  /** {@code -T seconds -c clients -j 2 -M prepared}; {@code name} names the output and the latency log. */
  Result run(String name, int clients, int seconds, boolean keepLatencies) {
    return run(name, clients, 0, seconds, keepLatencies);
  }

  /** As {@link #run(String, int, int, boolean)}, throttled to {@code rate} transactions/s ({@code -R}) when above 0. */
  public Result run(String name, int clients, int rate, int seconds, boolean keepLatencies) {
    Path script = dir.resolve(scriptName);
    try {
      Files.createDirectories(dir);
      Files.writeString(script, this.script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", "postgres", "-n", "-c", Integer.toString(clients), "-j",
        Integer.toString(Math.min(clients, Math.max(1, Runtime.getRuntime().availableProcessors()))), "-T",
        Integer.toString(seconds), "-M", "prepared", "-f", script.toString()));
    if (rate > 0) {
      command.addAll(List.of("-R", Integer.toString(rate)));
    }
    if (keepLatencies) {
      command.addAll(List.of("-l", "--sampling-rate", Double.toString(LOG_SAMPLING), "--log-prefix",
          dir.resolve(name + "-latency").toString()));
    }
    command.add("postgres");
    Tools.Output out = Tools.run(command, Map.of("PGPASSWORD", "postgres"), dir.resolve(name + ".out"),
        Duration.ofSeconds(seconds + 120L));
    if (!out.ok()) {
      throw new SuiteException("pgbench failed (exit " + out.exitCode() + "): " + out.text().strip());
    }
    Histogram latency = keepLatencies ? latencies(name + "-latency") : new Histogram(3);
    String shown = String.join(" ", command).replace(dir.toString() + "/", "")
        .replaceAll("-p \\d+", "-p <embedded port>").replace(executable.toString(), "pgbench");
    return new Result(clients, rate, number(TPS, out.text()), number(AVERAGE, out.text()),
        latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1000.0,
        latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0,
        (long) number(PROCESSED, out.text()), (long) number(FAILED, out.text()), "PGPASSWORD=postgres " + shown);
  }

  /** Every per-transaction log line's third column: the transaction's latency in microseconds. */
  private Histogram latencies(String prefix) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix + ".")).toList()) {
        try (Stream<String> lines = Files.lines(file)) {
          lines.forEach(line -> {
            String[] f = line.split(" ");
            if (f.length >= 3) {
              h.recordValue(Math.min(3_600_000_000L, Math.max(0, Long.parseLong(f[2]))));
            }
          });
        }
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pgbench's latency log", e);
    }
    return h;
  }

  static double number(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
