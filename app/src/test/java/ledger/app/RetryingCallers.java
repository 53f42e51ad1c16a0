package ledger.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.TransferRequest;

/**
 * Callers that deposit and transfer at random among the accounts, each command retried with
 * its command_id after UNAVAILABLE until it is acknowledged, as a client of a rolling
 * deployment does. Every acknowledged command, and every status a caller saw, is kept.
 */
final class RetryingCallers {

  /** An acknowledged command: a deposit has no {@code from}. */
  record Acked(String from, String to, long amountMinor) {
  }

  private final ManagedChannel channel;
  private final List<String> accounts;
  private final String currency;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Map<String, Acked> acked = new ConcurrentSkipListMap<>();
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final List<Thread> threads;

  RetryingCallers(ManagedChannel channel, List<String> accounts, String currency, int callers, long seed) {
    this.channel = channel;
    this.accounts = accounts;
    this.currency = currency;
    this.threads = java.util.stream.IntStream.range(0, callers)
        .mapToObj(i -> new Thread(() -> run(i, new Random(seed + i)), "caller-" + i)).toList();
  }

  void start() {
    threads.forEach(Thread::start);
  }

  /** Stops after each caller's command in hand is acknowledged. */
  void stop() throws InterruptedException {
    stopped.set(true);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(60).toMillis());
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " did not finish its last command");
      }
    }
  }

  long ackedCount() {
    return acked.size();
  }

  Map<String, Acked> acked() {
    return acked;
  }

  /** Each status other than OK that a caller saw ("UNAVAILABLE SHUTTING_DOWN", ...), with how often. */
  Map<String, Long> refusals() {
    Map<String, Long> seen = new java.util.TreeMap<>();
    refusals.forEach((status, count) -> seen.put(status, count.get()));
    return seen;
  }

  private void run(int caller, Random random) {
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(channel);
    for (int n = 0; !stopped.get(); n++) {
      String commandId = "c" + caller + "-" + n;
      String to = accounts.get(random.nextInt(accounts.size()));
      long amount = 1 + random.nextInt(100);
      String from = random.nextBoolean() ? null : other(to, random);
      while (true) {
        try {
          var deadline = commands.withDeadlineAfter(Duration.ofSeconds(20));
          if (from == null) {
            deadline.deposit(DepositRequest.newBuilder().setCommandId(commandId).setAccountId(to)
                .setAmountMinor(amount).setCurrency(currency).build());
          } else {
            deadline.transfer(TransferRequest.newBuilder().setCommandId(commandId).setFromAccountId(from)
                .setToAccountId(to).setAmountMinor(amount).setCurrency(currency).build());
          }
          acked.put(commandId, new Acked(from, to, amount));
          break;
        } catch (StatusRuntimeException e) {
          String reason = MoneyClients.reasonOf(e);
          refusals.computeIfAbsent(e.getStatus().getCode() + (reason == null ? "" : " " + reason),
              k -> new AtomicLong()).incrementAndGet();
          if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
            break;  // not retried: the test fails on it (refusals)
          }
          pause();
        }
      }
    }
  }

  private String other(String to, Random random) {
    String from;
    do {
      from = accounts.get(random.nextInt(accounts.size()));
    } while (from.equals(to));
    return from;
  }

  private static void pause() {
    try {
      Thread.sleep(50);  // a client's back-off between retries, not a wait for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
