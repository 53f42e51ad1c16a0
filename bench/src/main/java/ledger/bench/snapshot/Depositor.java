package ledger.bench.snapshot;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ledger.app.client.GrpcCalls;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;

/** One caller's deposits of 1, one after another, each timed from its send to its answer. */
final class Depositor {

  private final GrpcCalls calls;
  private long position;

  Depositor(GrpcCalls calls) {
    this.calls = calls;
  }

  /** The latencies in nanoseconds of {@code count} deposits into {@code account}; {@code phase} keeps ids apart. */
  long[] deposit(String account, String phase, int count) {
    long[] latencies = new long[count];
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      CommandResult result = await(calls.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
          .setCommandId(account + "-" + phase + "-" + i).setAccountId(account).setAmountMinor(1).setCurrency("USD")
          .build()));
      latencies[i] = System.nanoTime() - started;
      position = Math.max(position, result.getGlobalPosition());
    }
    return latencies;
  }

  /** The global position of the newest deposit's event. */
  long position() {
    return position;
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(10, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
