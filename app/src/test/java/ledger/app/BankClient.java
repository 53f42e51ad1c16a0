package ledger.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamVersion;
import ledger.v1.TransferRequest;

/**
 * One client of the bank: random transfers among the accounts, each sent again with the same
 * command_id until the ledger gives a definite answer; after each acknowledged one it reads
 * the debited account with the token it got, and one more account it wrote earlier with that
 * same token, which must show at least the version this client was told of.
 */
final class BankClient implements Runnable {

  static final String CURRENCY = "USD";
  private static final Duration RETRY_BUDGET = Duration.ofSeconds(60);
  private static final long CALL_MILLIS = 5_000;
  private static final long READ_MILLIS = 7_000;
  private static final Set<Code> AGAIN = Set.of(Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.ABORTED);

  private final int number;
  private final Random random;
  private final List<String> accounts;
  private final ManagedChannel channel;
  private final BankTally tally;
  private final BooleanSupplier stopped;
  private final Map<String, Long> told = new HashMap<>();
  private final List<String> written = new ArrayList<>();

  BankClient(int number, long seed, List<String> accounts, ManagedChannel channel, BankTally tally,
             BooleanSupplier stopped) {
    this.number = number;
    this.random = new Random(seed + number);
    this.accounts = accounts;
    this.channel = channel;
    this.tally = tally;
    this.stopped = stopped;
  }

  @Override
  public void run() {
    for (int n = 0; !stopped.getAsBoolean(); n++) {
      String from = accounts.get(random.nextInt(accounts.size()));
      String to = accounts.get(random.nextInt(accounts.size()));
      while (to.equals(from)) {
        to = accounts.get(random.nextInt(accounts.size()));
      }
      String commandId = "c" + number + "-" + n;
      TransferRequest request = TransferRequest.newBuilder().setCommandId(commandId).setFromAccountId(from)
          .setToAccountId(to).setAmountMinor(1 + random.nextInt(2_000)).setCurrency(CURRENCY).build();
      CommandResult result = transfer(request);
      if (result != null) {
        tally.acked(commandId, new BankTally.Acked(from, to, request.getAmountMinor(), result));
        for (StreamVersion version : result.getVersionsList()) {
          if (told.merge(version.getAccountId(), version.getVersion(), Math::max) == version.getVersion()
              && !written.contains(version.getAccountId())) {
            written.add(version.getAccountId());
          }
        }
        String token = result.getConsistencyToken();
        read(from, token, told.get(from), commandId);
        String earlier = written.get(random.nextInt(written.size()));
        read(earlier, token, told.get(earlier), commandId);
      }
    }
  }

  /** The ledger's answer, or null when it refused the transfer for good. */
  private CommandResult transfer(TransferRequest request) {
    long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
    for (long backoff = 20; ; backoff = Math.min(2 * backoff, 500)) {
      try {
        return CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_MILLIS, TimeUnit.MILLISECONDS)
            .transfer(request);
      } catch (StatusRuntimeException e) {
        String outcome = e.getStatus().getCode() + "/" + MoneyClients.reasonOf(e);
        if (!AGAIN.contains(e.getStatus().getCode())) {
          tally.count(outcome);
          if (!outcome.equals("FAILED_PRECONDITION/INSUFFICIENT_FUNDS")
              && !outcome.equals("FAILED_PRECONDITION/EVENT_UNREADABLE")) {
            tally.surprise(request.getCommandId() + " ended " + outcome + ": " + e.getStatus().getDescription());
          }
          return null;
        }
        tally.count("sent again after " + outcome);
        if (System.nanoTime() - deadline > 0) {
          tally.surprise(request.getCommandId() + " still " + outcome + " after " + RETRY_BUDGET.toSeconds() + " s");
          return null;
        }
        pause(backoff);
      }
    }
  }

  /** Reads one account with a token of a write that came after this client's write of version {@code atLeast}. */
  private void read(String account, String token, long atLeast, String after) {
    GetBalanceRequest request = GetBalanceRequest.newBuilder().setAccountId(account).setConsistencyToken(token)
        .build();
    long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
    for (long backoff = 20; ; backoff = Math.min(2 * backoff, 500)) {
      try {
        Balance balance = QueryServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(READ_MILLIS, TimeUnit.MILLISECONDS).getBalance(request);
        if (balance.getVersion() < atLeast) {
          tally.stale(account + " at version " + balance.getVersion() + " read with the token of " + after
              + ", after this client was told of version " + atLeast);
        } else {
          tally.goodRead();
        }
        return;
      } catch (StatusRuntimeException e) {
        String reason = MoneyClients.reasonOf(e);
        if ("VIEW_DEGRADED".equals(reason)) {
          tally.degraded(account);
          return;
        }
        String outcome = e.getStatus().getCode() + "/" + reason;
        if (!AGAIN.contains(e.getStatus().getCode())) {
          tally.surprise("read of " + account + " ended " + outcome + ": " + e.getStatus().getDescription());
          return;
        }
        tally.count("read again after " + outcome);
        if (System.nanoTime() - deadline > 0) {
          tally.surprise("read of " + account + " still " + outcome + " after " + RETRY_BUDGET.toSeconds() + " s");
          return;
        }
        pause(backoff);
      }
    }
  }

  private void pause(long millis) {
    channel.resetConnectBackoff();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
