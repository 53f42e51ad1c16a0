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
import ledger.load.runner.RunLimits;
import ledger.load.runner.RunResult;
import ledger.load.runner.Tally;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamVersion;

/**
 * Read-your-writes under load, which ghz cannot express: each worker deposits into a random
 * account of the set-up ones, then reads that account's balance with the deposit's
 * consistency token, and sends its next pair when the read has answered. The pair's
 * latency is the headline; each step's latency is kept too, and any read that shows a
 * version older than the deposit's is counted as stale (there should be none).
 */
public final class PairsScenario {

  static final String DEPOSIT = "Deposit";
  static final String READ = "GetBalance with the deposit's token";
  static final String STALE = "stale reads (version older than the deposit's)";

  /** @param total pairs to run, ignored when {@code duration} is not zero */
  public record Options(String name, String host, int concurrency, int connections, long total, Duration duration,
                        int accounts, String prefix, String currency, Duration timeout) {
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
      long end = options.duration().isZero() ? Long.MAX_VALUE : start + options.duration().toNanos();
      long total = options.duration().isZero() ? options.total() : Long.MAX_VALUE;
      RunLimits counter = new RunLimits(total, end);
      List<Future<Void>> workers = new ArrayList<>();
      for (int w = 0; w < options.concurrency(); w++) {
        Connection connection = connections.get(w % connections.size());
        Promise<Void> stopped = Promise.promise();
        connection.context().runOnContext(v -> next(calls, connection, tally, counter, stopped));
        workers.add(stopped.future());
      }
      Future.all(workers).await();
      tally.close(System.nanoTime());
      return tally.result(options.name(), "pairs", settings(),
          "from sending the Deposit to the answer of the GetBalance that carries its token", List.of());
    } finally {
      vertx.close().await();
    }
  }

  private void next(TypedCalls calls, Connection connection, Tally tally, RunLimits counter, Promise<Void> stopped) {
    long n = counter.next(System.nanoTime());
    if (n < 0) {
      stopped.tryComplete();
      return;
    }
    String account = options.prefix() + ThreadLocalRandom.current().nextInt(options.accounts());
    long started = System.nanoTime();
    calls.unary(connection, CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId("pair-" + run + "-" + n).setAccountId(account)
            .setAmountMinor(1 + ThreadLocalRandom.current().nextInt(100)).setCurrency(options.currency())
            .setReference("bench pairs").build())
        .onFailure(failure -> {
          tally.record(TypedCalls.statusOf(failure).name(), "Deposit: " + failure.getMessage(), 0, System.nanoTime());
          next(calls, connection, tally, counter, stopped);
        })
        .onSuccess(result -> read(calls, connection, tally, counter, stopped, account, started, result));
  }

  private void read(TypedCalls calls, Connection connection, Tally tally, RunLimits counter, Promise<Void> stopped,
                    String account, long started, CommandResult deposit) {
    long deposited = System.nanoTime();
    tally.recordExtra(DEPOSIT, deposited - started);
    calls.unary(connection, QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
            .setAccountId(account).setConsistencyToken(deposit.getConsistencyToken()).build())
        .onComplete(answer -> {
          long now = System.nanoTime();
          if (answer.succeeded()) {
            tally.record("OK", null, now - started, now);
            tally.recordExtra(READ, now - deposited);
            if (answer.result().getVersion() < versionOf(deposit, account)) {
              tally.add(STALE, 1);
            }
          } else {
            Throwable failure = answer.cause();
            tally.record(TypedCalls.statusOf(failure).name(), "GetBalance: " + (failure instanceof GrpcCallException
                ? failure.getMessage() : failure.toString()), now - started, now);
          }
          next(calls, connection, tally, counter, stopped);
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
        .put("load", "closed loop, " + options.concurrency() + " workers")
        .put("concurrency", options.concurrency())
        .put("connections", options.connections())
        .put("accounts", options.prefix() + "0 .. " + options.prefix() + (options.accounts() - 1))
        .put("timeout", GoDuration.format(options.timeout()));
    return options.duration().isZero() ? s.put("total", options.total())
        : s.put("duration", GoDuration.format(options.duration()));
  }
}
