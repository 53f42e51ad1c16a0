package ledger.bench.rebuild;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import ledger.app.client.GrpcCalls;
import ledger.app.server.EmbeddedBackends;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.bench.ProjectionWait;
import ledger.bench.Sections;
import ledger.bench.suite.Backends;
import ledger.bench.suite.Machine;
import ledger.projection.ProjectionConfig;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * How fast does a full rebuild ({@code ./ledger rebuild}) replay the store, against what
 * PostgreSQL and Redis do raw on the same machine in the same run? Starts a ledger (embedded
 * PostgreSQL and Redis) in a temporary folder, writes N accounts of M events each straight into
 * the event store with SQL (an AccountOpened, then deposits of 1), lets the projection catch up,
 * runs one RebuildProjection (its last message gives the replay's events/s, from its start to
 * the switch; the call's wall time adds the switch and the removal of the old generation), then
 * measures the ceilings ({@link RebuildCeilings}) against the same servers. Prints the section
 * of docs/benchmarks.md, and writes it there with {@code --docs}.
 */
@Command(name = "RebuildBench", mixinStandardHelpOptions = true,
    description = "Times a full rebuild of the views beside pgbench's batched insert and redis-benchmark's pipelined "
        + "HSET on the same machine, and writes docs/benchmarks.md's section \"Rebuilding every view\".")
public final class RebuildBench implements Callable<Integer> {

  private static final int ACCOUNTS_PER_INSERT = 500;
  private static final String FILL = """
      INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
      SELECT 'bench-' || a, v,
             CASE WHEN v = 1 THEN 'AccountOpened' ELSE 'MoneyDeposited' END,
             CASE WHEN v = 1 THEN 2 ELSE 1 END,
             CASE WHEN v = 1 THEN jsonb_build_object('currency', 'USD', 'overdraft_limit_minor', 0)
                  ELSE jsonb_build_object('amount_minor', 1, 'currency', 'USD', 'reference', 'bench',
                                          'balance_after_minor', v - 1) END,
             jsonb_build_object('command_id', 'bench-' || a || '-' || v, 'correlation_id', 'bench')
      FROM generate_series($1::int, $2::int) AS a, generate_series(1, $3::int) AS v
      ORDER BY a, v""";

  @Parameters(index = "0", defaultValue = "10000", description = "Accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Parameters(index = "1", defaultValue = "100", description = "Events per account (default: ${DEFAULT-VALUE}).")
  int perAccount;

  @Option(names = "--seconds", defaultValue = "15", description = "Length of each ceiling run (default: "
      + "${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--rows", defaultValue = "100", description = "Rows per INSERT of pgbench's batched insert "
      + "(default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--docs", description = "Write the section into this file (e.g. docs/benchmarks.md), in place of "
      + "the one it has; without it the section is only printed.")
  Path docs;

  @Option(names = "--out", description = "Folder for the tools' output (default: bench/target/rebuild-<time>).")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RebuildBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long events = (long) accounts * perAccount;
    int batchSize = ProjectionConfig.defaults("").rebuildBatchSize();
    // the rebuild sends one script call per account of a batch, all in one pipeline
    int pipeline = Math.max(1, batchSize / Math.max(1, perAccount));
    Path results = out != null ? out : Path.of("bench/target/rebuild-" + Instant.now().toString()
        .replaceAll("[-:]", "").replaceAll("\\..*", "").replace('T', '-'));
    Files.createDirectories(results);
    Path data = Files.createTempDirectory("ledger-rebuild-bench");
    Instant started = Instant.now();
    Machine machine = Machine.describe(Path.of("."), data);
    EmbeddedBackends embedded = new EmbeddedBackends();
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        embedded.close();
      }
    };
    // Ctrl-C: the embedded servers would outlive this JVM
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "rebuild-bench-stop"));
    try (AutoCloseable stopping = stop::run) {
      // Redis first: its executable is written out before PostgreSQL forks anything (see prepareRedis)
      embedded.prepareRedis(data);
      String redisUrl = embedded.startRedis();
      String pgUrl = embedded.startPostgres(data);
      int grpcPort = freePort();
      ServerConfig config = ServerConfig.defaults()
          .withEndpoints("127.0.0.1", grpcPort, freePort())
          .withStorage(data, pgUrl, redisUrl, "bench:")
          .withSizing(2, 16, 8);
      double fill;
      double tail;
      RebuildProgress end;
      double wall;
      try (LedgerServer server = LedgerServer.start(config)) {
        long filling = System.nanoTime();
        fill(server, events);
        fill = seconds(filling);
        System.out.printf(Locale.ROOT, "wrote %,d events over %,d accounts with SQL in %.1f s%n", events, accounts, fill);
        long tailing = System.nanoTime();
        ProjectionWait.until(server, events, Duration.ofMinutes(30));
        // the live tail projects during the fill already: this is how far behind it was when the fill ended
        tail = seconds(tailing);
        System.out.printf(Locale.ROOT, "the live tail caught up %.1f s after the fill ended%n", tail);
        long rebuilding = System.nanoTime();
        end = rebuild(grpcPort);
        wall = seconds(rebuilding);
        System.out.printf(Locale.ROOT, "rebuild: %,d events replayed at %,.0f events/s, %.1f s in all%n",
            end.getEventsReplayed(), end.getEventsPerSecond(), wall);
      }
      // the ledger has stopped: the servers are the ceilings' alone
      Map<String, String> missing = new LinkedHashMap<>();
      Map<String, String> postgres;
      String redisVersion;
      List<RebuildRun.Ceiling> ceilings;
      try (Backends backends = new Backends(URI.create(pgUrl).getPort(), URI.create(redisUrl).getPort())) {
        postgres = backends.postgres();
        redisVersion = backends.redis().getOrDefault("redis_version", "?");
        ceilings = new RebuildCeilings(backends, URI.create(pgUrl).getPort(), URI.create(redisUrl).getPort(), results,
            seconds).run(rows, accounts, pipeline, missing);
      }
      RebuildRun run = new RebuildRun(started, machine, Machine.loadAverage(), postgres, redisVersion, command(),
          end.getEventsReplayed(), accounts, fill, tail, end.getEventsPerSecond(), wall, end.getOldKeysRemoved(),
          batchSize, rows, ceilings, missing);
      String section = RebuildSection.render(run);
      Files.writeString(results.resolve("rebuild.md"), section);
      System.out.println();
      System.out.print(section);
      if (docs != null) {
        Sections.write(docs, RebuildSection.HEADING, section);
        System.out.println("\nWrote the section into " + docs);
      }
      System.out.println("Tools' output: " + results);
    } finally {
      deleteTree(data);
    }
    return 0;
  }

  /** The command that repeats this run, as the section shows it. */
  private String command() {
    return "java -cp bench/target/ledger-bench.jar ledger.bench.rebuild.RebuildBench " + accounts + " " + perAccount
        + (seconds != 15 ? " --seconds " + seconds : "") + (rows != 100 ? " --rows " + rows : "")
        + " --docs docs/benchmarks.md";
  }

  private void fill(LedgerServer server, long events) throws Exception {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(server.database())
        .using(server.vertx()).build();
    try {
      for (int from = 1; from <= accounts; from += ACCOUNTS_PER_INSERT) {
        int to = Math.min(accounts, from + ACCOUNTS_PER_INSERT - 1);
        pool.preparedQuery(FILL).execute(Tuple.of(from, to, perAccount)).await(10, TimeUnit.MINUTES);
      }
      pool.query("SELECT pg_notify('ledger_events', '')").execute().await(1, TimeUnit.MINUTES);
    } finally {
      pool.close().await(1, TimeUnit.MINUTES);
    }
  }

  private static RebuildProgress rebuild(int grpcPort) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (GrpcCalls calls = new GrpcCalls(vertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
        Duration.ofMinutes(30))) {
      AtomicReference<RebuildProgress> last = new AtomicReference<>();
      calls.serverStream(AdminServiceGrpcClient.RebuildProjection, RebuildProjectionRequest.getDefaultInstance(),
          last::set).await(30, TimeUnit.MINUTES);
      return last.get();
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
