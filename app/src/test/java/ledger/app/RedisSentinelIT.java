package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole process of every role on a master it finds through a sentinel ({@code --redis-mode
 * sentinel}): it serves from that master, and when the master dies and the sentinel promotes the
 * replica, it writes the views to the new master, a token read sees the next write, and a balance
 * stream carries on.
 */
class RedisSentinelIT {

  @RegisterExtension
  static final ServerFixture ledger = ServerFixture.onRedisSentinel();

  @Test
  void the_ledger_follows_the_master_the_sentinel_names_when_the_old_one_dies() {
    commands().openAccount(OpenAccountRequest.newBuilder().setCommandId("open").setAccountId("watched")
        .setCurrency("USD").build());
    CommandResult first = deposit("before", 100);
    assertThat(balance(first.getConsistencyToken()).getBalanceMinor()).isEqualTo(100);

    List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
    Context.CancellableContext watching = Context.current().withCancellation();
    watching.run(() -> QueryServiceGrpc.newStub(ledger.channel).streamBalance(
        StreamBalanceRequest.newBuilder().setAccountId("watched").build(), collect(updates)));
    until("the stream's first message", Duration.ofSeconds(10), updates::size, n -> n >= 1);

    ledger.redisSentinel.killMaster();

    CommandResult after = deposit("after", 50);
    // Until the roles' clients ask the sentinel again (its answer is kept 1 s) a read may meet the
    // dead master and answer UNAVAILABLE, which a caller retries; then the token read sees the write.
    Balance read = until("a token read of the deposit after the failover", Duration.ofSeconds(20),
        () -> retriable(after.getConsistencyToken()), balance -> balance != null);
    assertThat(read.getBalanceMinor()).isEqualTo(150);
    until("the deposit after the failover on the stream", Duration.ofSeconds(20),
        () -> updates.isEmpty() ? 0L : updates.get(updates.size() - 1).getBalance().getBalanceMinor(),
        balance -> balance == 150);
    watching.cancel(null);
  }

  private static CommandResult deposit(String commandId, long amount) {
    return commands().deposit(DepositRequest.newBuilder().setCommandId(commandId).setAccountId("watched")
        .setAmountMinor(amount).setCurrency("USD").build());
  }

  private static Balance balance(String token) {
    return QueryServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10))
        .getBalance(GetBalanceRequest.newBuilder().setAccountId("watched").setConsistencyToken(token).build());
  }

  /** The balance read with {@code token}, or null when the answer was one a caller retries. */
  private static Balance retriable(String token) {
    try {
      return balance(token);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return null;
      }
      throw e;
    }
  }

  private static StreamObserver<BalanceUpdate> collect(List<BalanceUpdate> updates) {
    return new StreamObserver<>() {
      @Override
      public void onNext(BalanceUpdate value) {
        updates.add(value);
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onCompleted() {
      }
    };
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands() {
    return CommandServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10));
  }
}
