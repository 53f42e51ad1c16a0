package ledger.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCalls;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;

/**
 * A first, rough closed-loop load: N callers each send their next call as soon as the
 * previous answered, for S seconds, against a running `./ledger serve`. Not the benchmark
 * suite (that is load-tests/ proper, with coordinated-omission-correct rates and the
 * machine's ceilings beside every figure); a quick look at the order of magnitude.
 *
 *   ./ledger serve &
 *   java -cp app/target/ledger.jar:load-tests/target/ledger-load-tests.jar ledger.load.QuickBench deposit 16 20 [host:port]
 *
 * Modes: deposit (over 1,000 accounts), balance (GetBalance without token), pair
 * (deposit, then GetBalance with its token; the pair's latency is recorded).
 */
public class QuickBench {

  private static final int ACCOUNTS = 1000;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int callers = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    SocketAddress target = GrpcCalls.parseTarget(args.length > 3 ? args[3] : "127.0.0.1:9090");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    GrpcCalls calls = new GrpcCalls(vertx, target, Duration.ofSeconds(10));
    String run = Long.toHexString(System.nanoTime());
    List<Future<?>> opens = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      opens.add(calls.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId(run + "-open-" + i).setAccountId(run + "-" + i).setCurrency("USD").build()));
    }
    Future.all(opens).await();
    Load load = new Load(mode, calls, run, System.nanoTime() + seconds * 1_000_000_000L, callers);
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      vertx.runOnContext(v -> load.next());
    }
    load.done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] latencies = Arrays.copyOf(load.latencies, Math.min(load.count.get(), load.latencies.length));
    Arrays.sort(latencies);
    int n = latencies.length;
    System.out.printf("%s, %d callers: %d calls in %.1f s = %.0f/s, %d errors, p50 %.2f ms, p90 %.2f, p99 %.2f, max %.2f%n",
        mode, callers, n, elapsed, n / elapsed, load.errors.get(), latencies[n / 2] / 1e6,
        latencies[(int) (n * 0.9)] / 1e6, latencies[(int) (n * 0.99)] / 1e6, latencies[n - 1] / 1e6);
    vertx.close();
  }

  private static final class Load {
    final String mode;
    final GrpcCalls calls;
    final String run;
    final long end;
    final CountDownLatch done;
    final long[] latencies = new long[5_000_000];
    final AtomicInteger count = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicLong sequence = new AtomicLong();

    Load(String mode, GrpcCalls calls, String run, long end, int callers) {
      this.mode = mode;
      this.calls = calls;
      this.run = run;
      this.end = end;
      this.done = new CountDownLatch(callers);
    }

    void next() {
      if (System.nanoTime() > end) {
        done.countDown();
        return;
      }
      long i = sequence.incrementAndGet();
      String account = run + "-" + (i % ACCOUNTS);
      long started = System.nanoTime();
      call(i, account).onComplete(outcome -> {
        if (outcome.failed()) {
          errors.incrementAndGet();
        } else {
          int k = count.getAndIncrement();
          if (k < latencies.length) {
            latencies[k] = System.nanoTime() - started;
          }
        }
        next();
      });
    }

    private Future<?> call(long i, String account) {
      DepositRequest deposit = DepositRequest.newBuilder().setCommandId(run + "-dep-" + i).setAccountId(account)
          .setAmountMinor(1).setCurrency("USD").build();
      return switch (mode) {
        case "deposit" -> calls.unary(CommandServiceGrpcClient.Deposit, deposit);
        case "balance" -> calls.unary(QueryServiceGrpcClient.GetBalance,
            GetBalanceRequest.newBuilder().setAccountId(account).build());
        case "pair" -> calls.unary(CommandServiceGrpcClient.Deposit, deposit)
            .compose(written -> calls.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
                .setAccountId(account).setConsistencyToken(written.getConsistencyToken()).build()));
        default -> throw new IllegalArgumentException("mode must be deposit, balance or pair");
      };
    }
  }
}
