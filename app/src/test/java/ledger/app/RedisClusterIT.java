package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import ledger.domain.AccountId;
import ledger.readmodel.ViewKeys;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import ledger.v1.StreamBalanceRequest;
import ledger.v1.TransferRequest;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole process of every role on a real Redis Cluster of three masters ({@code --redis-mode
 * cluster}): the views spread over the masters, and writes, token reads, streams, a full rebuild
 * (whose removal of the old generation walks every master) and the audit all work across them.
 */
class RedisClusterIT {

  @RegisterExtension
  static final ServerFixture ledger = ServerFixture.onRedisCluster(3);
  private static final int ACCOUNTS = 12;

  @Test
  void the_ledger_serves_from_views_spread_over_three_masters() throws Exception {
    for (int i = 0; i < ACCOUNTS; i++) {
      commands().openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + i).setAccountId(account(i))
          .setCurrency("USD").build());
      commands().deposit(DepositRequest.newBuilder().setCommandId("fund-" + i).setAccountId(account(i))
          .setAmountMinor(1_000).setCurrency("USD").build());
    }
    ViewKeys live = new ViewKeys(ledger.keyPrefix);
    String from = account(0);
    String to = IntStream.range(1, ACCOUNTS).mapToObj(RedisClusterIT::account)
        .filter(id -> nodeOf(live, id) != nodeOf(live, from)).findFirst().orElseThrow();

    AtomicReference<Throwable> streamFailure = new AtomicReference<>();
    List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
    Context.CancellableContext watching = Context.current().withCancellation();
    watching.run(() -> QueryServiceGrpc.newStub(ledger.channel).streamBalance(
        StreamBalanceRequest.newBuilder().setAccountId(to).build(), collect(updates, streamFailure)));
    until("the stream's first message", Duration.ofSeconds(10), updates::size, n -> n >= 1);

    CommandResult moved = commands().transfer(TransferRequest.newBuilder().setCommandId("move").setFromAccountId(from)
        .setToAccountId(to).setAmountMinor(250).setCurrency("USD").build());
    Balance debited = balance(from, moved.getConsistencyToken());
    Balance credited = balance(to, moved.getConsistencyToken());
    assertThat(debited.getBalanceMinor()).isEqualTo(750);
    assertThat(credited.getBalanceMinor()).isEqualTo(1_250);
    until("the transfer on the stream", Duration.ofSeconds(10), () -> updates.get(updates.size() - 1),
        last -> last.getBalance().getVersion() == credited.getVersion());
    assertThat(updates.get(updates.size() - 1).getBalance().getBalanceMinor()).isEqualTo(1_250);
    assertThat(streamFailure.get()).isNull();
    watching.cancel(null);

    List<Long> viewsPerMaster = viewsPerMaster(live);
    assertThat(viewsPerMaster).as("account views on each master").hasSize(3).allMatch(count -> count > 0);
    assertThat(viewsPerMaster.stream().mapToLong(Long::longValue).sum()).isEqualTo(ACCOUNTS);

    RebuildProgress rebuilt = lastOf(AdminServiceGrpc.newBlockingStub(ledger.channel)
        .withDeadlineAfter(Duration.ofSeconds(60)).rebuildProjection(RebuildProjectionRequest.getDefaultInstance()));
    assertThat(rebuilt.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
    assertThat(rebuilt.getGeneration()).isEqualTo(1);
    assertThat(viewsPerMaster(live)).as("generation 0's views, removed from every master").containsOnly(0L);
    assertThat(viewsPerMaster(live.at(1))).as("generation 1's views").allMatch(count -> count > 0);
    assertThat(balance(to, "").getBalanceMinor()).isEqualTo(1_250);

    List<VerifyProjectionUpdate> audit = new ArrayList<>();
    AdminServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(60))
        .verifyProjection(VerifyProjectionRequest.getDefaultInstance()).forEachRemaining(audit::add);
    VerifyProjectionUpdate summary = audit.get(audit.size() - 1);
    assertThat(summary.getSummary().getAccountsChecked()).isEqualTo(ACCOUNTS);
    assertThat(summary.getSummary().getDifferences()).isZero();
  }

  private static List<Long> viewsPerMaster(ViewKeys keys) {
    return IntStream.range(0, 3).mapToObj(node -> ledger.redisCluster.keysMatching(node, keys.everyAccount()))
        .toList();
  }

  private static int nodeOf(ViewKeys keys, String account) {
    return ledger.redisCluster.nodeOf(keys.account(AccountId.of(account)));
  }

  private static Balance balance(String account, String token) {
    return QueryServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10))
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).setConsistencyToken(token).build());
  }

  private static StreamObserver<BalanceUpdate> collect(List<BalanceUpdate> updates, AtomicReference<Throwable> failure) {
    return new StreamObserver<>() {
      @Override
      public void onNext(BalanceUpdate value) {
        updates.add(value);
      }

      @Override
      public void onError(Throwable t) {
        failure.compareAndSet(null, t);
      }

      @Override
      public void onCompleted() {
      }
    };
  }

  private static RebuildProgress lastOf(Iterator<RebuildProgress> stream) {
    RebuildProgress last = null;
    while (stream.hasNext()) {
      last = stream.next();
    }
    return last;
  }

  private static String account(int i) {
    return "spread-" + i;
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands() {
    return CommandServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10));
  }
}
