package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.readmodel.AccountView;
import io.vertx.core.Future;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full rebuild makes a new view generation live: a running query node switches to its keys
 * when the feed announces it, and a node started later reads which one is live at start.
 * The account read here exists only in the new generation, so a node that still read the old one
 * (or the store) would answer NOT_FOUND. The tests share one key prefix: each switches to the
 * generation after the live one.
 */
class GenerationSwitchIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @Test
  void running_and_new_nodes_read_the_generation_a_switch_made_live() {
    bed.writer().open("before-switch", "USD", 0);
    bed.projection().project();
    QueryClient running = bed.client(QueryClient.Kind.VERTX);
    assertThat(running.getBalanceNow("before-switch", "").ok()).isTrue();
    AccountView onlyInNext = new AccountView(AccountId.of("only-in-generation-1"), 4_200, "EUR", AccountStatus.OPEN, 0,
        3, 99, Instant.parse("2026-12-07T06:00:00Z").truncatedTo(ChronoUnit.MICROS));

    bed.projection().switchToNext(onlyInNext);

    eventually(() -> {
      Reply<Balance> read = running.getBalanceNow("only-in-generation-1", "");
      assertThat(read.ok()).as(read.toString()).isTrue();
      assertThat(read.value().getBalanceMinor()).isEqualTo(4_200);
    });
    QueryClient cold = bed.connect(QueryClient.Kind.GRPC_JAVA, bed.startNode(Duration.ofSeconds(5)));
    Reply<Balance> read = cold.getBalanceNow("only-in-generation-1", "");
    assertThat(read.ok()).as(read.toString()).isTrue();
    assertThat(read.value().getVersion()).isEqualTo(3);
  }

  /**
   * A process without a view cache and with no read waiting decoded no announcement at all, not
   * even a switch: it read the old generation until that was removed, then answered every read from
   * the store, and never an account only the new generation holds.
   */
  @Test
  void a_node_without_a_cache_and_nobody_waiting_follows_a_switch() {
    QueryNode node = bed.startNode(QueryConfig.defaults("").withViewCacheSize(0));
    QueryClient client = bed.connect(QueryClient.Kind.VERTX, node);
    until("both nodes listen to the feed", Duration.ofSeconds(10), bed::feedSubscribers, n -> n >= 2);
    long rebuilt = bed.projection().rebuild();
    AccountView onlyInNext = new AccountView(AccountId.of("only-in-the-rebuilt-one"), 1_300, "USD",
        AccountStatus.OPEN, 0, 2, 98, Instant.parse("2026-12-07T06:00:00Z"));
    bed.projection().plant(rebuilt, onlyInNext);

    eventually(() -> {
      Reply<Balance> read = client.getBalanceNow("only-in-the-rebuilt-one", "");
      assertThat(read.ok()).as(read.toString()).isTrue();
      assertThat(read.value().getBalanceMinor()).isEqualTo(1_300);
    });
  }

  /**
   * Issue 8 (b) and (c): a writer that missed a switch (its lock lost and taken back while the
   * switch was in flight, or stalled past its fence) announces batches of the old generation
   * after it. A commit-point read (of an account the token does not name) woken by one read the
   * new generation, which stood below the token, and answered older than the write.
   */
  @Test
  void a_commit_point_read_is_not_woken_by_a_batch_of_the_generation_a_switch_retired() {
    // its reads wait 2 s at most: without a cache, a read woken by the old generation's batch answers from Redis
    QueryNode node = bed.startNode(new QueryConfig(Duration.ofSeconds(2), "").withViewCacheSize(0));
    QueryClient client = bed.connect(QueryClient.Kind.VERTX, node);
    until("both nodes listen to the feed", Duration.ofSeconds(10), bed::feedSubscribers, n -> n >= 2);
    bed.writer().open("late-a", "USD", 0);
    bed.writer().open("late-b", "USD", 0);
    bed.projection().project();
    // whatever the tests before left live, a generation that stands here (the reads below wait on it)
    bed.projection().rebuild();
    bed.writer().deposit("late-a", 7, "before the token");
    Checkpoint committed = bed.writer().deposit("late-b", 5, "the token's write");
    String token = Tokens.versionToken("late-b", 2, committed);
    int waitingBefore = node.tokenWaiters();
    Future<Reply<Balance>> read = client.getBalance(QueryClient.request("late-a", token), Duration.ofSeconds(20));
    until("the read waits for the token", Duration.ofSeconds(10), node::tokenWaiters, n -> n == waitingBefore + 1);
    // the next generation stands where the live one stands: before the two deposits
    long rebuilt = bed.projection().rebuild();

    // the writer that missed the switch: generation 0 moves past the token, and says so
    bed.projection().project();

    Reply<Balance> woken = await(read, Duration.ofSeconds(20));
    assertThat(woken.ok() ? woken.value().getVersion() : 0).as("late-a was at version 2 before the token's write,"
        + " and the live generation stands below it until its writer moves it: %s", woken).isNotEqualTo(1);
    assertThat(woken.reason()).as(woken.toString()).isEqualTo("CONSISTENCY_WAIT_TIMEOUT");

    // the writer of the live generation, once it starts again on it
    bed.projection().catchUp(rebuilt);
    Reply<Balance> reply = client.getBalanceNow("late-a", token);
    assertThat(reply.ok()).as(reply.toString()).isTrue();
    assertThat(reply.value().getVersion()).isEqualTo(2);
    assertThat(reply.value().getBalanceMinor()).isEqualTo(7);
  }
}
