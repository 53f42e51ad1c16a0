package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import ledger.readmodel.ViewKeys;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --redis-mode cluster} over {@code rediss://}: every node of a three-master cluster speaks
 * TLS only, and the process reaches each, including those it learns from CLUSTER SLOTS and those
 * a rebuild's walk over the masters opens, with {@code --redis-tls-ca} and the host checked.
 */
class RedisClusterTlsIT {

  @RegisterExtension
  static final ServerFixture ledger = ServerFixture.onRedisClusterTls(3);
  private static final int ACCOUNTS = 9;

  @Test
  void the_ledger_writes_reads_and_rebuilds_its_views_over_tls_on_every_master() {
    CommandResult last = null;
    for (int i = 0; i < ACCOUNTS; i++) {
      commands().openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + i).setAccountId("tls-" + i)
          .setCurrency("EUR").build());
      last = commands().deposit(DepositRequest.newBuilder().setCommandId("fund-" + i).setAccountId("tls-" + i)
          .setAmountMinor(10 + i).setCurrency("EUR").build());
    }
    Balance read = QueryServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10))
        .getBalance(GetBalanceRequest.newBuilder().setAccountId("tls-" + (ACCOUNTS - 1))
            .setConsistencyToken(last.getConsistencyToken()).build());
    assertThat(read.getBalanceMinor()).isEqualTo(10 + ACCOUNTS - 1);
    ViewKeys live = new ViewKeys(ledger.keyPrefix);
    assertThat(viewsPerMaster(live)).allMatch(count -> count > 0);

    RebuildProgress rebuilt = lastOf(AdminServiceGrpc.newBlockingStub(ledger.channel)
        .withDeadlineAfter(Duration.ofSeconds(60)).rebuildProjection(RebuildProjectionRequest.getDefaultInstance()));
    assertThat(rebuilt.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
    assertThat(viewsPerMaster(live)).as("generation 0's views, removed from every master").containsOnly(0L);
    assertThat(viewsPerMaster(live.at(1)).stream().mapToLong(Long::longValue).sum()).isEqualTo(ACCOUNTS);
  }

  private static List<Long> viewsPerMaster(ViewKeys keys) {
    return IntStream.range(0, 3).mapToObj(node -> ledger.redisCluster.keysMatching(node, keys.everyAccount()))
        .toList();
  }

  private static RebuildProgress lastOf(Iterator<RebuildProgress> stream) {
    RebuildProgress last = null;
    while (stream.hasNext()) {
      last = stream.next();
    }
    return last;
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands() {
    return CommandServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10));
  }
}
