package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import ledger.v1.Balance;
import ledger.v1.GetBalanceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis does not keep pub/sub messages for a subscriber that is away. When the feed
 * connection drops, the query role resubscribes and, once Redis has taken the subscription,
 * reads again for every waiting read, so an announcement lost meanwhile costs latency, never
 * an answer. The node reaches Redis through a relay that holds the resubscribe back for as
 * long as a test publishes "while the feed is down", and the reads' budget outlasts every
 * step on a busy machine: a read that ends at its deadline was lost, not slow.
 */
@ExtendWith(VertxExtension.class)
class FeedRecoveryIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(60);
  /** Recovered within this, well before MAX_WAIT: by reading again, not by a last look at the deadline. */
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static final Vertx RELAY_VERTX = Vertx.vertx();
  private static final TcpRelay REDIS = TcpRelay.to(RELAY_VERTX, "127.0.0.1", TestInfra.redisPort());

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT)
      .withNodeRedis(TestInfra.redisOptions().setConnectionString("redis://127.0.0.1:" + REDIS.port()));

  @AfterAll
  static void closeRelay() {
    REDIS.close();
    await(RELAY_VERTX.close());
  }

  @BeforeEach
  void feedIsSubscribed() {
    REDIS.release();
    until("the query role listens to the feed", SETTLE, bed::feedSubscribers, n -> n == 1);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_waiting_read_completes_although_its_announcement_was_published_while_the_feed_was_down(
      QueryClient.Kind kind) {
    String account = "lost-" + kind;
    bed.writer().open(account, "USD", 0);
    bed.projection().project();
    Checkpoint deposited = bed.writer().deposit(account, 1_000, "announced while the feed is down");
    Future<Reply<Balance>> read = bed.client(kind).getBalance(
        QueryClient.request(account, Tokens.versionToken(account, 2, deposited)), null);
    until("the read is waiting", SETTLE, bed.node()::tokenWaiters, n -> n == 1);
    FeedMessage announcement = bed.projection().projectQuietly();

    dropTheFeed();
    assertThat(bed.projection().announce(announcement)).as("the announcement went out while no one listened")
        .isZero();
    REDIS.release();

    Reply<Balance> reply = await(read, RECOVERY);
    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(2);
    assertThat(bed.node().tokenWaiters()).isZero();
  }

  @Test
  void after_the_feed_drops_two_thousand_waiting_reads_are_all_recovered_without_flooding_the_redis_pool(
      VertxTestContext recovered) throws Throwable {
    // Regression: recovery read the view once per waiter, so 2,000 waiters overran the Redis
    // pool's wait queue (1,024), and the waiters whose read was refused, their announcement
    // lost, timed out.
    for (int a = 0; a < 20; a++) {
      bed.writer().open("crowd-" + a, "USD", 0);
    }
    bed.projection().project();
    List<Checkpoint> deposited = new ArrayList<>();
    for (int a = 0; a < 20; a++) {
      deposited.add(bed.writer().deposit("crowd-" + a, 1_000, "announced while the feed is down"));
    }
    List<GetBalanceRequest> requests = new ArrayList<>();
    for (int r = 0; r < 2_000; r++) {
      String account = "crowd-" + (r % 20);
      requests.add(QueryClient.request(account, Tokens.versionToken(account, 2, deposited.get(r % 20))));
    }
    List<Future<Reply<Balance>>> reads = WaitingReads.start(bed.client(QueryClient.Kind.VERTX), bed, requests,
        500, null);
    FeedMessage announcement = bed.projection().projectQuietly();

    dropTheFeed();
    assertThat(bed.projection().announce(announcement)).as("receivers while the feed is down").isZero();
    REDIS.release();

    WaitingReads.checkEach(reads, recovered, reply -> {
      assertThat(reply.ok()).as(reply.toString()).isTrue();
      assertThat(reply.answer().getVersion()).isEqualTo(2);
    });
    WaitingReads.awaitEach(recovered, RECOVERY);
    assertThat(bed.node().tokenWaiters()).isZero();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void after_the_feed_was_dropped_announcements_wake_waiting_reads_again(QueryClient.Kind kind) {
    String account = "resubscribed-" + kind;
    bed.writer().open(account, "USD", 0);
    bed.projection().project();
    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
    until("the query role resubscribed", SETTLE, bed::feedSubscribers, n -> n == 1);

    Checkpoint deposited = bed.writer().deposit(account, 1_000, "announced");
    Future<Reply<Balance>> read = bed.client(kind).getBalance(
        QueryClient.request(account, Tokens.versionToken(account, 2, deposited)), null);
    until("the read is waiting", SETTLE, bed.node()::tokenWaiters, n -> n == 1);
    assertThat(bed.projection().project()).as("feed subscribers").isEqualTo(1);

    Reply<Balance> reply = await(read, RECOVERY);
    assertThat(reply.answer().getVersion()).as("woken by the announcement: " + reply).isEqualTo(2);
  }

  @Test
  void a_read_that_looked_at_the_view_before_redis_took_the_resubscribe_is_woken_by_the_change_it_waits_for() {
    // Regression: the query role read the views again as soon as its SUBSCRIBE was written (the
    // Redis client completes a pub/sub command on write), not once Redis had taken it; what was
    // announced in between went to nobody, and this read waited until its deadline.
    bed.writer().open("unconfirmed", "USD", 0);
    bed.projection().project();
    dropTheFeed();
    until("the resubscribe is held on its way to Redis", SETTLE, REDIS::holdsAConnection, held -> held);

    long viewReads = bed.redis().viewReads();
    Checkpoint deposited = bed.writer().deposit("unconfirmed", 1_000, "announced before Redis took the subscribe");
    Future<Reply<Balance>> read = bed.client(QueryClient.Kind.VERTX).getBalance(
        QueryClient.request("unconfirmed", Tokens.versionToken("unconfirmed", 2, deposited)), null);
    until("the read is waiting", SETTLE, bed.node()::tokenWaiters, n -> n == 1);
    until("the read has looked at the view", SETTLE, bed.redis()::viewReads, n -> n > viewReads);
    assertThat(bed.projection().project()).as("receivers before Redis took the subscribe").isZero();
    REDIS.release();

    Reply<Balance> reply = await(read, RECOVERY);
    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(2);
  }

  @Test
  void a_view_read_before_redis_took_the_resubscribe_is_not_served_after_it_from_memory() {
    // Regression: the view cache resumed on the SUBSCRIBE's write, kept this read's view, and
    // served it after the announcement that replaced it had gone to nobody.
    QueryClient client = bed.client(QueryClient.Kind.VERTX);
    bed.writer().open("cached", "USD", 0);
    bed.projection().project();
    dropTheFeed();
    until("the resubscribe is held on its way to Redis", SETTLE, REDIS::holdsAConnection, held -> held);

    assertThat(client.getBalanceNow("cached", "").answer().getVersion()).isEqualTo(1);
    bed.writer().deposit("cached", 1_000, "announced before Redis took the subscribe");
    assertThat(bed.projection().project()).as("receivers before Redis took the subscribe").isZero();
    REDIS.release();
    until("Redis took the resubscribe", SETTLE, bed::feedSubscribers, n -> n == 1);

    assertThat(client.getBalanceNow("cached", "").answer().getVersion()).as("the view once the feed is back")
        .isEqualTo(2);
  }

  /** Drops the feed connection and holds its resubscribe back until {@code REDIS.release()}. */
  private static void dropTheFeed() {
    REDIS.holdConnectionsSending(data -> data.toString(StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
        .contains("\r\nSUBSCRIBE\r\n"));
    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
  }
}
