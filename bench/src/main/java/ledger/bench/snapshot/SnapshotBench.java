package ledger.bench.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;

/**
 * Does a long history slow an account's commands down? Starts a ledger (embedded
 * PostgreSQL and Redis, durable commits) in a temporary folder, gives one account a
 * history of N events (bulk-inserted by SQL as valid events: one AccountOpened, then
 * deposits of 1), opens a fresh account beside it, and times deposits on both, one
 * after another, one caller.
 *
 * Three set-ups: snapshots every 100 with the command role's cache switched off (every
 * command loads the account: newest snapshot plus the events after it), the same with
 * the default cache, and no snapshots with no cache (every command replays the whole
 * history, which is what snapshots avoid).
 *
 *   mvn -q -DskipTests package
 *   java -cp app/target/ledger.jar:load-tests/target/ledger-load-tests.jar ledger.load.SnapshotBench [events] [commands]
 */
public final class SnapshotBench {

  private record Setup(String name, int snapshotEvery, int cacheSize, int commands) {
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int commands = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    List<Setup> setups = List.of(
        new Setup("snapshots every 100, no cache", 100, 0, commands),
        new Setup("snapshots every 100, cache 10,000", 100, 10_000, commands),
        new Setup("no snapshots, no cache", Integer.MAX_VALUE, 0, Math.max(5, commands / 200)));
    System.out.printf("| set-up | account | deposits | mean | p50 | p90 | p99 | max |%n|---|---|---|---|---|---|---|---|%n");
    for (Setup setup : setups) {
      run(setup, events);
    }
  }

  private static void run(Setup setup, int events) throws Exception {
    Path data = Files.createTempDirectory("ledger-snapshot-bench");
    int grpcPort = freePort();
    ServerConfig config = ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, freePort())
        .withStorage(data, null, null, "bench:")
        .withSizing(2, 16, 8)
        .withCommandTuning(setup.snapshotEvery(), setup.cacheSize(), 256, 2);
    try (LedgerServer server = LedgerServer.start(config)) {
      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(server.database()).using(vertx)
          .build();
      GrpcCalls calls = new GrpcCalls(vertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
          Duration.ofSeconds(60));
      history(pool, "long-history", events);
      await(calls.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId("open-fresh").setAccountId("fresh").setCurrency("USD").build()));
      // The first command on the long account folds its whole history once and takes the first snapshot.
      long first = deposits(calls, "long-history", "warm", 1)[0];
      // Let the JIT warm up on the fresh account, and the projection catch up with the bulk
      // history, before anything is timed: neither should compete with the measurement.
      deposits(calls, "fresh", "warm", Math.max(20, setup.commands() / 5));
      awaitProjection(server, pool);
      System.out.printf(Locale.ROOT, "| %s | first command on the %,d-event account | 1 | %.2f ms | | | | |%n",
          setup.name(), events, first / 1e6);
      // Alternate the two accounts so that any drift of the machine hits both alike.
      long[][] timed = alternating(calls, setup.commands());
      report(setup, "fresh", timed[0]);
      report(setup, String.format(Locale.ROOT, "%,d events", events), timed[1]);
      calls.close();
      await(pool.close());
      await(vertx.close());
    }
  }

  /** Appends a valid history of {@code events} events to a new account, in one transaction. */
  private static void history(Pool pool, String account, int events) {
    await(pool.preparedQuery("""
        INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
        SELECT $1, 1, 'AccountOpened', 2, '{"currency":"USD","overdraft_limit_minor":0}'::jsonb,
               '{"command_id":"bulk-open","correlation_id":"bench"}'::jsonb
        UNION ALL
        SELECT $1, v, 'MoneyDeposited', 1,
               jsonb_build_object('amount_minor', 1, 'currency', 'USD', 'reference', 'bulk',
                                  'balance_after_minor', v - 1),
               jsonb_build_object('command_id', 'bulk-' || v, 'correlation_id', 'bench')
        FROM generate_series(2, $2) AS v""").execute(Tuple.of(account, events)));
    await(pool.query("SELECT pg_notify('ledger_events', '')").execute());
  }

  private static long[] deposits(GrpcCalls calls, String account, String phase, int count) {
    long[] latencies = new long[count];
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      await(calls.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
          .setCommandId(account + "-" + phase + "-" + i).setAccountId(account).setAmountMinor(1).setCurrency("USD")
          .build()));
      latencies[i] = System.nanoTime() - started;
    }
    return latencies;
  }

  private static long[][] alternating(GrpcCalls calls, int count) {
    long[][] latencies = new long[2][count];
    for (int i = 0; i < count; i++) {
      latencies[0][i] = deposits(calls, "fresh", "run-" + i, 1)[0];
      latencies[1][i] = deposits(calls, "long-history", "run-" + i, 1)[0];
    }
    return latencies;
  }

  private static void awaitProjection(LedgerServer server, Pool pool) throws InterruptedException {
    long head = await(pool.query("SELECT max(global_position) AS head FROM ledger.events").execute())
        .iterator().next().getLong("head");
    while (server.projection().checkpoint().globalPosition() < head) {
      Thread.sleep(100);
    }
  }

  private static void report(Setup setup, String account, long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", setup.name(),
        account, n, Arrays.stream(sorted).average().orElse(0) / 1e6, sorted[n / 2] / 1e6, sorted[(int) (n * 0.9)] / 1e6,
        sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6, sorted[n - 1] / 1e6);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
