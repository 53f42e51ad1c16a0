package ledger.bench.snapshot;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.bench.ProjectionWait;
import ledger.app.server.ServerConfig;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.OpenAccountRequest;

/**
 * Does a long history slow an account's commands down? Starts a ledger (embedded
 * PostgreSQL and Redis, durable commits) in a temporary folder, gives one account a
 * history of N events through the event store ({@link LongHistory}), opens a fresh account
 * beside it, and times deposits on both, one after another, one caller.
 *
 * <p>Three set-ups: snapshots every 100 with the command role's cache switched off (every
 * command loads the account: newest snapshot plus the events after it), the same with
 * the default cache, and no snapshots with no cache (every command replays the whole
 * history, which is what snapshots avoid). Prints a Markdown table; see bench/README.md.
 *
 * <pre>java -cp bench/target/ledger-bench.jar ledger.bench.snapshot.SnapshotBench [events] [commands]</pre>
 */
public final class SnapshotBench {

  private record Setup(String name, int snapshotEvery, int cacheSize, int commands) {
  }

  private SnapshotBench() {
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
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(server.database())
          .using(server.vertx()).build();
      LongHistory.append(server.vertx(), pool, "long-history", events);
      Depositor.await(pool.close());
      Vertx vertx = Vertx.vertx();
      GrpcCalls calls = new GrpcCalls(vertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
          Duration.ofSeconds(60));
      Depositor depositor = new Depositor(calls);
      Depositor.await(calls.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId("open-fresh").setAccountId("fresh").setCurrency("USD").build()));
      // The first command on the long account folds its whole history once and takes the first snapshot.
      long first = depositor.deposit("long-history", "warm", 1)[0];
      // Let the JIT warm up on the fresh account, and the projection catch up with the long
      // history, before anything is timed: neither should compete with the measurement.
      depositor.deposit("fresh", "warm", Math.max(20, setup.commands() / 5));
      ProjectionWait.until(server, depositor.position(), Duration.ofMinutes(5));
      System.out.printf(Locale.ROOT, "| %s | first command on the %,d-event account | 1 | %.2f ms | | | | |%n",
          setup.name(), events, first / 1e6);
      // Alternate the two accounts so that any drift of the machine hits both alike.
      long[][] timed = new long[2][setup.commands()];
      for (int i = 0; i < setup.commands(); i++) {
        timed[0][i] = depositor.deposit("fresh", "run-" + i, 1)[0];
        timed[1][i] = depositor.deposit("long-history", "run-" + i, 1)[0];
      }
      row(setup, "fresh", timed[0]);
      row(setup, String.format(Locale.ROOT, "%,d events", events), timed[1]);
      calls.close();
      Depositor.await(vertx.close());
    }
  }

  private static void row(Setup setup, String account, long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", setup.name(),
        account, n, Arrays.stream(sorted).average().orElse(0) / 1e6, sorted[n / 2] / 1e6, sorted[(int) (n * 0.9)] / 1e6,
        sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6, sorted[n - 1] / 1e6);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
