package ledger.load.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import ledger.load.config.GoDuration;
import ledger.load.grpc.Connections;
import ledger.load.grpc.Connections.Connection;
import ledger.load.grpc.TypedCalls;
import ledger.load.runner.OpenLoop;
import ledger.load.runner.OpenLoopLane;
import ledger.load.runner.RunLimits;
import ledger.load.runner.RunResult;
import ledger.load.runner.Schedule;
import ledger.load.runner.Tally;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamVersion;

/**
 * Read-your-writes under load, which ghz cannot express: a pair deposits into a random
 * account of the set-up ones, then reads that account's balance with the deposit's
 * consistency token. Closed loop: each worker sends its next pair when the read has
 * answered. Open loop ({@code rps > 0}): pair i is due at start + i/rps, at most
 * {@code concurrency} in flight, and its latency runs from that due time (coordinated-
 * omission corrected), as in the runner's open loop. The pair's latency is the headline;
 * each step's latency is kept too, and any read that shows a version older than the
 * deposit's is counted as stale (there should be none).
 */
public final class PairsScenario {

  static final String DEPOSIT = "Deposit";
  static final String READ = "GetBalance with the deposit's token";
  static final String STALE = "stale reads (version older than the deposit's)";
  static final String SERVICE_TIME = "pair service time (from the actual send)";

  /**
   * @param total pairs to run, ignored when {@code duration} is not zero
   * @param rps   pairs per second (open loop), or 0 for a closed loop of {@code concurrency} workers
   */
  public record Options(String name, String host, int concurrency, int connections, long total, Duration duration,
                        int accounts, String prefix, String currency, Duration timeout, int rps) {

    /** A closed loop. */
    public Options(String name, String host, int concurrency, int connections, long total, Duration duration,
                   int accounts, String prefix, String currency, Duration timeout) {
      this(name, host, concurrency, connections, total, duration, accounts, prefix, currency, timeout, 0);
    }
  }

  private final Options options;
  private final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  public PairsScenario(Options options) {
    this.options = options;
  }

  /** Blocking; call it from a plain thread. */
  public RunResult run() {
    SocketAddress target = GrpcCalls.parseTarget(options.host());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, Math.min(2, options.connections()))));
    try (Connections connections = Connections.open(vertx, options.connections(), Duration.ofSeconds(10))) {
      TypedCalls calls = new TypedCalls(target, options.timeout());
      long start = System.nanoTime();
      Tally tally = new Tally(start, false, 0);
      tally.declare(DEPOSIT, STALE);
      tally.declare(READ);
      if (options.rps() > 0) {
        tally.declare(SERVICE_TIME);
      }
      long end = options.duration().isZero() ? Long.MAX_VALUE : start + options.duration().toNanos();
      long total = options.duration().isZero() ? options.total() : Long.MAX_VALUE;
      Future<Void> load = options.rps() > 0 ? openLoop(vertx, connections, calls, tally, start, total, end)
          : closedLoop(connections, calls, tally, new RunLimits(total, end));
      load.await();
      tally.close(System.nanoTime());
      return tally.result(options.name(), "pairs", settings(), options.rps() > 0
          ? "from each pair's scheduled start (coordinated-omission corrected) to the answer of the GetBalance that"
              + " carries the deposit's token"
          : "from sending the Deposit to the answer of the GetBalance that carries its token", List.of());
    } finally {
      vertx.close().await();
    }
  }

  private Future<Void> closedLoop(Connections connections, TypedCalls calls, Tally tally, RunLimits counter) {
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < options.concurrency(); w++) {
      Connection connection = connections.get(w % connections.size());
      Promise<Void> stopped = Promise.promise();
      connection.context().runOnContext(v -> next(calls, connection, tally, counter, stopped));
      workers.add(stopped.future());
    }
    return Future.all(workers).mapEmpty();
  }

  private Future<Void> openLoop(Vertx vertx, Connections connections, TypedCalls calls, Tally tally, long start,
                                long total, long end) {
    Schedule schedule = new Schedule(start, options.rps(), total, end);
    int lanes = connections.size();
    List<Future<Void>> finished = new ArrayList<>();
    for (Connection connection : connections.all()) {
      List<Integer> workers = new ArrayList<>();
      for (int w = connection.index(); w < options.concurrency(); w += lanes) {
        workers.add(w);
      }
      OpenLoopLane lane = new OpenLoopLane(vertx, connection);
      OpenLoop loop = new OpenLoop(schedule, connection.index(), lanes, workers, (n, intended, worker) ->
          pair(calls, connection, tally, n, intended, () -> lane.release(worker)));
      finished.add(lane.start(loop));
    }
    return Future.all(finished).mapEmpty();
  }

  private void next(TypedCalls calls, Connection connection, Tally tally, RunLimits counter, Promise<Void> stopped) {
    long n = counter.next(System.nanoTime());
    if (n < 0) {
      stopped.tryComplete();
      return;
    }
    pair(calls, connection, tally, n, -1, () -> next(calls, connection, tally, counter, stopped));
  }

  /** One pair; {@code intended} is its due time in an open loop, -1 in a closed one; {@code done} runs after it. */
  private void pair(TypedCalls calls, Connection connection, Tally tally, long n, long intended, Runnable done) {
    String account = options.prefix() + ThreadLocalRandom.current().nextInt(options.accounts());
    long started = System.nanoTime();
    calls.unary(connection, CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId("pair-" + run + "-" + n).setAccountId(account)
            .setAmountMinor(1 + ThreadLocalRandom.current().nextInt(100)).setCurrency(options.currency())
            .setReference("bench pairs").build())
        .onFailure(failure -> {
          tally.record(TypedCalls.statusOf(failure).name(), "Deposit: " + failure.getMessage(), 0, System.nanoTime());
          done.run();
        })
        .onSuccess(result -> read(calls, connection, tally, account, intended, started, result, done));
  }

  private void read(TypedCalls calls, Connection connection, Tally tally, String account, long intended, long started,
                    CommandResult deposit, Runnable done) {
    long deposited = System.nanoTime();
    tally.recordExtra(DEPOSIT, deposited - started);
    long from = intended == -1 ? started : intended;
    calls.unary(connection, QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
            .setAccountId(account).setConsistencyToken(deposit.getConsistencyToken()).build())
        .onComplete(answer -> {
          long now = System.nanoTime();
          if (answer.succeeded()) {
            if (tally.record("OK", null, now - from, now) && intended != -1) {
              tally.recordExtra(SERVICE_TIME, now - started);
            }
            tally.recordExtra(READ, now - deposited);
            if (answer.result().getVersion() < versionOf(deposit, account)) {
              tally.add(STALE, 1);
            }
          } else {
            Throwable failure = answer.cause();
            tally.record(TypedCalls.statusOf(failure).name(), "GetBalance: " + (failure instanceof GrpcCallException
                ? failure.getMessage() : failure.toString()), now - from, now);
          }
          done.run();
        });
  }

  private static long versionOf(CommandResult result, String account) {
    return result.getVersionsList().stream().filter(v -> v.getAccountId().equals(account))
        .mapToLong(StreamVersion::getVersion).max().orElse(0);
  }

  private JsonObject settings() {
    JsonObject s = new JsonObject()
        .put("call", "Deposit, then GetBalance with its consistency_token")
        .put("host", options.host())
        .put("load", options.rps() > 0
            ? "open loop at " + options.rps() + " pairs/s, at most " + options.concurrency() + " in flight"
            : "closed loop, " + options.concurrency() + " workers")
        .put("rps", options.rps())
        .put("concurrency", options.concurrency())
        .put("connections", options.connections())
        .put("accounts", options.prefix() + "0 .. " + options.prefix() + (options.accounts() - 1))
        .put("timeout", GoDuration.format(options.timeout()));
    return options.duration().isZero() ? s.put("total", options.total())
        : s.put("duration", GoDuration.format(options.duration()));
  }
}
