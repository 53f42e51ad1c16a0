package ledger.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import ledger.testkit.Waits;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamVersion;
import ledger.v1.TransferRequest;

/**
 * A client that keeps only its latest consistency token and reads, with it, an account that
 * token does not name but that this client wrote earlier: the read must show at least the
 * version this client was told of, whichever partition holds that account and however far
 * behind the others it is. Deposits and transfers among the accounts, each sent again with
 * its command_id until the ledger answers for good.
 */
final class OtherAccountReader implements Runnable {

  /** One way of calling the ledger: grpc-java or Vert.x; a refusal is thrown with its status code's name. */
  interface Calls {
    CommandResult deposit(DepositRequest request);

    CommandResult transfer(TransferRequest request);

    Balance read(GetBalanceRequest request);
  }

  /** A refusal: the status code's name and the reason. */
  static final class Refused extends RuntimeException {
    final String code;

    Refused(String code, String reason, String message) {
      super(code + "/" + reason + ": " + message);
      this.code = code;
    }
  }

  /** What every client saw. */
  static final class Tally {
    final AtomicLong writes = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final Queue<String> stale = new ConcurrentLinkedQueue<>();
    final Queue<String> surprises = new ConcurrentLinkedQueue<>();
  }

  private static final Duration RETRY_BUDGET = Duration.ofSeconds(60);
  private static final Set<String> AGAIN = Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED");

  private final String name;
  private final Random random;
  private final List<String> accounts;
  private final Calls calls;
  private final Tally tally;
  private final BooleanSupplier stopped;
  private final Map<String, Long> told = new HashMap<>();

  OtherAccountReader(String name, long seed, List<String> accounts, Calls calls, Tally tally, BooleanSupplier stopped) {
    this.name = name;
    this.random = new Random(seed);
    this.accounts = accounts;
    this.calls = calls;
    this.tally = tally;
    this.stopped = stopped;
  }

  @Override
  public void run() {
    for (int n = 0; !stopped.getAsBoolean(); n++) {
      String commandId = name + "-" + n;
      String to = pick(null);
      CommandResult written;
      if (random.nextBoolean()) {
        written = again("deposit " + commandId, () -> calls.deposit(DepositRequest.newBuilder()
            .setCommandId(commandId).setAccountId(to).setAmountMinor(1 + random.nextInt(100)).setCurrency("USD")
            .build()));
      } else {
        String from = pick(to);
        written = again("transfer " + commandId, () -> calls.transfer(TransferRequest.newBuilder()
            .setCommandId(commandId).setFromAccountId(from).setToAccountId(to).setAmountMinor(1 + random.nextInt(100))
            .setCurrency("USD").build()));
      }
      if (written == null) {
        continue;
      }
      tally.writes.incrementAndGet();
      List<String> named = new ArrayList<>();
      for (StreamVersion version : written.getVersionsList()) {
        told.merge(version.getAccountId(), version.getVersion(), Math::max);
        named.add(version.getAccountId());
      }
      List<String> others = told.keySet().stream().filter(account -> !named.contains(account)).sorted().toList();
      if (!others.isEmpty()) {
        readOther(others.get(random.nextInt(others.size())), written.getConsistencyToken(), commandId);
      }
    }
  }

  private void readOther(String account, String token, String after) {
    long floor = told.get(account);
    Balance read = again("read of " + account, () -> calls.read(GetBalanceRequest.newBuilder()
        .setAccountId(account).setConsistencyToken(token).build()));
    if (read == null) {
      return;
    }
    tally.reads.incrementAndGet();
    if (read.getVersion() < floor) {
      tally.stale.add(account + " at version " + read.getVersion() + " read with the token of " + after
          + ", after " + name + " was told of version " + floor);
    }
  }

  private String pick(String not) {
    String account;
    do {
      account = accounts.get(random.nextInt(accounts.size()));
    } while (account.equals(not));
    return account;
  }

  /** The call's answer, sent again while the ledger says "again"; null when it refused for good. */
  private <T> T again(String what, java.util.function.Supplier<T> call) {
    long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
    for (long backoff = 20; ; backoff = Math.min(2 * backoff, 500)) {
      try {
        return call.get();
      } catch (Refused refused) {
        if (refused.getMessage().startsWith("FAILED_PRECONDITION/INSUFFICIENT_FUNDS")) {
          return null;
        }
        if (!AGAIN.contains(refused.code) || System.nanoTime() - deadline > 0) {
          tally.surprises.add(what + " ended " + refused.getMessage());
          return null;
        }
        pause(backoff);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** grpc-java blocking stubs on one channel. */
  static Calls grpcJava(ManagedChannel channel) {
    return new Calls() {
      @Override
      public CommandResult deposit(DepositRequest request) {
        return call(() -> CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .deposit(request));
      }

      @Override
      public CommandResult transfer(TransferRequest request) {
        return call(() -> CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .transfer(request));
      }

      @Override
      public Balance read(GetBalanceRequest request) {
        return call(() -> QueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(7, TimeUnit.SECONDS)
            .getBalance(request));
      }

      private <T> T call(java.util.function.Supplier<T> call) {
        try {
          return call.get();
        } catch (StatusRuntimeException e) {
          channel.resetConnectBackoff();
          throw new Refused(e.getStatus().getCode().name(), MoneyClients.reasonOf(e), e.getStatus().getDescription());
        }
      }
    };
  }

  /** The Vert.x client (GrpcCalls, its own connection), awaited from the client's thread. */
  static Calls vertx(Vertx vertx, int port) {
    GrpcCalls grpc = new GrpcCalls(vertx, SocketAddress.inetSocketAddress(port, "127.0.0.1"), Duration.ofSeconds(7));
    return new Calls() {
      @Override
      public CommandResult deposit(DepositRequest request) {
        return call(() -> Waits.await(grpc.unary(CommandServiceGrpcClient.Deposit, request)));
      }

      @Override
      public CommandResult transfer(TransferRequest request) {
        return call(() -> Waits.await(grpc.unary(CommandServiceGrpcClient.Transfer, request)));
      }

      @Override
      public Balance read(GetBalanceRequest request) {
        return call(() -> Waits.await(grpc.unary(QueryServiceGrpcClient.GetBalance, request)));
      }

      private <T> T call(java.util.function.Supplier<T> call) {
        try {
          return call.get();
        } catch (RuntimeException e) {
          for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GrpcCallException refused) {
              throw new Refused(refused.status().name(), refused.reason(), refused.getMessage());
            }
          }
          throw new Refused("CLIENT_ERROR", e.getClass().getSimpleName(), e.getMessage());
        }
      }
    };
  }
}
