package ledger.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.vertx.grpc.common.GrpcStatus;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import ledger.v1.TransferRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many clients at once, each sending its own deposits and withdrawals of random amounts
 * to one account (or its own transfers along a route), one after another, each on its
 * own thread, all starting together.
 */
final class Hammer {

  /** One operation a client asked for, with every reply it got (more than one when it retried). */
  record Op(String commandId, boolean withdrawal, long amount, List<Reply<CommandResult>> replies) {

    Reply<CommandResult> last() {
      return replies.get(replies.size() - 1);
    }

    long delta() {
      return withdrawal ? -amount : amount;
    }
  }

  /** Where a client's transfers go. */
  record Route(String from, String to) {
  }

  /** One transfer a client asked for, with every reply it got (more than one when it retried). */
  record TransferOp(String commandId, String from, String to, long amount, List<Reply<CommandResult>> replies) {

    Reply<CommandResult> last() {
      return replies.get(replies.size() - 1);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Hammer.class);

  private Hammer() {
  }

  /** Logs how the operations ended, so a run shows how hard it pressed. */
  static void summarize(String account, List<Op> ops) {
    long accepted = ops.stream().filter(op -> op.last().ok()).count();
    long refused = ops.stream().filter(op -> op.last().status() == GrpcStatus.FAILED_PRECONDITION).count();
    long aborted = ops.stream().flatMap(op -> op.replies().stream())
        .filter(reply -> reply.status() == GrpcStatus.ABORTED).count();
    long gaveUp = ops.stream().filter(op -> op.last().status() == GrpcStatus.ABORTED).count();
    LOG.info("{}: {} operations, {} accepted, {} refused, {} ABORTED replies, {} still ABORTED after retries",
        account, ops.size(), accepted, refused, aborted, gaveUp);
  }

  /**
   * @param triesPerOp how often an operation is sent (with the same command id, as a client
   *                   should retry) while the answer is ABORTED; 1 sends it once
   */
  static List<Op> run(List<CommandClient> clients, String account, String currency, int opsPerClient,
                      long maxDeposit, long maxWithdrawal, int triesPerOp, long seed) throws Exception {
    return together(clients.size(), c -> {
      CommandClient client = clients.get(c);
      Random random = new Random(seed + c);
      String prefix = account + "-c" + c + "-";
      List<Op> ops = new ArrayList<>(opsPerClient);
      for (int i = 0; i < opsPerClient; i++) {
        boolean withdrawal = random.nextBoolean();
        long amount = 1 + (long) random.nextInt((int) (withdrawal ? maxWithdrawal : maxDeposit));
        ops.add(send(client, prefix + i, account, currency, withdrawal, amount, triesPerOp));
      }
      return ops;
    }, account);
  }

  /**
   * Each client sends {@code transfersPerClient} transfers of random amounts along its own
   * route ({@code routes.get(i)} for {@code clients.get(i)}), one after another.
   */
  static List<TransferOp> transfers(List<CommandClient> clients, List<Route> routes, String currency,
                                    int transfersPerClient, long maxAmount, int triesPerOp, long seed)
      throws Exception {
    return together(clients.size(), c -> {
      CommandClient client = clients.get(c);
      Route route = routes.get(c);
      Random random = new Random(seed + c);
      List<TransferOp> ops = new ArrayList<>(transfersPerClient);
      for (int i = 0; i < transfersPerClient; i++) {
        String commandId = route.from() + "-to-" + route.to() + "-c" + c + "-" + i;
        TransferRequest request = Requests.transfer(commandId, route.from(), route.to(),
            1 + random.nextInt((int) maxAmount), currency);
        List<Reply<CommandResult>> replies = retried(() -> client.transfer(request), triesPerOp);
        ops.add(new TransferOp(commandId, route.from(), route.to(), request.getAmountMinor(), replies));
      }
      return ops;
    }, "transfers");
  }

  /** Runs {@code work(i)} for i in 0..n-1, each on its own thread, all released at once; every result, in order. */
  private static <T> List<T> together(int n, IntFunction<List<T>> work, String what) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<T>>> running = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        int index = c;
        Callable<List<T>> task = () -> {
          start.await();
          return work.apply(index);
        };
        running.add(threads.submit(task));
      }
      long started = System.nanoTime();
      start.countDown();
      List<T> all = new ArrayList<>();
      for (Future<List<T>> client : running) {
        all.addAll(get(client));
      }
      LOG.info("{}: {} clients sent {} operations in {} ms", what, n, all.size(),
          (System.nanoTime() - started) / 1_000_000);
      return all;
    } finally {
      threads.shutdownNow();
    }
  }

  /** Sends while the answer is ABORTED, at most {@code tries} times; every reply. */
  private static List<Reply<CommandResult>> retried(Supplier<Reply<CommandResult>> call, int tries) {
    List<Reply<CommandResult>> replies = new ArrayList<>(1);
    Reply<CommandResult> reply;
    do {
      reply = call.get();
      replies.add(reply);
    } while (reply.status() == GrpcStatus.ABORTED && replies.size() < tries);
    return replies;
  }

  private static Op send(CommandClient client, String commandId, String account, String currency,
                         boolean withdrawal, long amount, int tries) {
    List<Reply<CommandResult>> replies = retried(() -> withdrawal
        ? client.withdraw(Requests.withdraw(commandId, account, amount, currency))
        : client.deposit(Requests.deposit(commandId, account, amount, currency)), tries);
    return new Op(commandId, withdrawal, amount, replies);
  }

  private static <T> T get(Future<T> future) throws Exception {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
