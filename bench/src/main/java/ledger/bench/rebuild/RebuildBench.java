package ledger.bench.rebuild;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.bench.ProjectionWait;
import ledger.app.server.ServerConfig;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;

/**
 * How fast does a full rebuild ({@code ./ledger rebuild}) replay the store? Starts a ledger
 * (embedded PostgreSQL and Redis) in a temporary folder, writes N accounts of M events each
 * straight into the event store with SQL (an AccountOpened, then deposits of 1), lets the
 * projection catch up, then runs one RebuildProjection and prints what its last message says
 * (events/s: the replay, from its start to the switch) beside the call's wall time (the switch
 * and the removal of the old generation included). See docs/benchmarks.md.
 *
 * <pre>java -cp bench/target/ledger-bench.jar ledger.bench.rebuild.RebuildBench [accounts] [events per account]</pre>
 */
public final class RebuildBench {

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

  private RebuildBench() {
  }

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int perAccount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    long events = (long) accounts * perAccount;
    Path data = Files.createTempDirectory("ledger-rebuild-bench");
    int grpcPort = freePort();
    ServerConfig config = ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, freePort())
        .withStorage(data, null, null, "bench:")
        .withSizing(2, 16, 8);
    try (LedgerServer server = LedgerServer.start(config)) {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(server.database())
          .using(server.vertx()).build();
      long filling = System.nanoTime();
      for (int from = 1; from <= accounts; from += ACCOUNTS_PER_INSERT) {
        int to = Math.min(accounts, from + ACCOUNTS_PER_INSERT - 1);
        pool.preparedQuery(FILL).execute(Tuple.of(from, to, perAccount)).await(10, TimeUnit.MINUTES);
      }
      pool.query("SELECT pg_notify('ledger_events', '')").execute().await(1, TimeUnit.MINUTES);
      System.out.printf(Locale.ROOT, "wrote %,d events over %,d accounts with SQL in %.1f s%n", events, accounts,
          seconds(filling));
      long tailing = System.nanoTime();
      ProjectionWait.until(server, events, Duration.ofMinutes(30));
      // the live tail projects during the fill already: this is how far behind it was when the fill ended
      System.out.printf(Locale.ROOT, "the live tail caught up %.1f s after the fill ended%n", seconds(tailing));
      pool.close().await(1, TimeUnit.MINUTES);

      Vertx vertx = Vertx.vertx();
      GrpcCalls calls = new GrpcCalls(vertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
          Duration.ofMinutes(30));
      AtomicReference<RebuildProgress> last = new AtomicReference<>();
      long rebuilding = System.nanoTime();
      calls.serverStream(AdminServiceGrpcClient.RebuildProjection, RebuildProjectionRequest.getDefaultInstance(),
          last::set).await(30, TimeUnit.MINUTES);
      double wall = seconds(rebuilding);
      RebuildProgress end = last.get();
      System.out.printf(Locale.ROOT, "| events | accounts | rebuild (replay + switch + removal) | events/s (replay) | "
          + "old keys removed |%n|---|---|---|---|---|%n| %,d | %,d | %.1f s | %,.0f | %,d |%n", end.getEventsReplayed(),
          accounts, wall, end.getEventsPerSecond(), end.getOldKeysRemoved());
      calls.close();
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
}
