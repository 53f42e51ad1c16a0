package ledger.query;

import static ledger.query.ProjectionDouble.accountAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import ledger.v1.GetBalanceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis does not keep pub/sub messages for a subscriber that is away. When the feed
 * connection drops, the query role resubscribes and, once Redis has taken the subscription,
 * reads again for every waiting read, so an announcement lost meanwhile costs latency, never
 * an answer. A relay holds the resubscribe back for as long as a test publishes "while the
 * feed is down", and the reads' budget outlasts every step on a busy machine: a read that
 * ends at its deadline was lost, not slow.
 */
class FeedRecoveryIT {

  private static final String PREFIX = TestInfra.freshPrefix("feed_recovery");
  private static final Duration MAX_WAIT = Duration.ofSeconds(60);
  /** Recovered within this, well before MAX_WAIT: by reading again, not by a last look at the deadline. */
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private static SubscribeRelay relay;
  private static QueryHarness harness;
  private static QueryNode node;
  private static ProjectionDouble projection;
  private static long transaction;

  @BeforeAll
  static void start() {
    relay = new SubscribeRelay();
    harness = QueryHarness.start(PREFIX, MAX_WAIT, relay.redisOptions());
    node = harness.node;
    projection = harness.projection;
  }

  @AfterAll
  static void stop() {
    harness.close();
    relay.close();
  }

  @BeforeEach
  void feedIsSubscribed() {
    relay.release();
    Blocking.until("the query role listens to the feed", SETTLE,
        () -> projection.feedSubscribers() == 1);
  }

  private static Checkpoint next() {
    transaction++;
    return new Checkpoint(transaction, transaction);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_waiting_read_completes_although_its_announcement_was_published_while_the_feed_was_down(
      QueryClient.Kind kind) {
    String account = "lost-" + kind;
    projection.apply(next(), accountAt(account, 1));
    Future<Reply> read = harness.client(kind).getBalance(QueryClient.request(account,
        Tokens.versionToken(account, 2, next())), null);
    Blocking.until("the read is waiting", SETTLE, () -> node.tokenWaiters() == 1);

    dropTheFeed();
    long receivers = projection.apply(next(), accountAt(account, 2));
    assertThat(receivers).as("the announcement went out while no one listened").isZero();
    relay.release();

    Reply reply = Blocking.await(read, RECOVERY);
    assertThat(reply.version()).as(reply.toString()).isEqualTo(2);
    assertThat(node.tokenWaiters()).isZero();
  }

  @Test
  void after_the_feed_drops_two_thousand_waiting_reads_are_all_recovered_without_flooding_the_redis_pool() {
    // Regression: recovery read the view once per waiter, so 2,000 waiters overran the Redis
    // pool's wait queue (1,024), and the waiters whose read was refused, their announcement
    // lost, timed out.
    List<GetBalanceRequest> requests = new ArrayList<>();
    Checkpoint written = next();
    for (int a = 0; a < 20; a++) {
      projection.store(accountAt("crowd-" + a, 1));
    }
    for (int r = 0; r < 2_000; r++) {
      String account = "crowd-" + (r % 20);
      requests.add(QueryClient.request(account, Tokens.versionToken(account, 2, written)));
    }
    List<Future<Reply>> reads = WaitingReads.start(harness.client(QueryClient.Kind.VERTX), node, projection, requests,
        500, null);

    dropTheFeed();
    List<Future<Long>> announcements = new ArrayList<>();
    for (int a = 0; a < 20; a++) {
      announcements.add(projection.applyAsync(next(), accountAt("crowd-" + a, 2)));
    }
    assertThat(Blocking.await(Future.all(announcements)).<Long>list()).as("receivers while the feed is down")
        .containsOnly(0L);
    relay.release();

    for (Future<Reply> read : reads) {
      Reply reply = Blocking.await(read, RECOVERY);
      assertThat(reply.answered()).as(reply.toString()).isTrue();
      assertThat(reply.version()).isEqualTo(2);
    }
    assertThat(node.tokenWaiters()).isZero();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void after_the_feed_was_dropped_announcements_wake_waiting_reads_again(QueryClient.Kind kind) {
    String account = "resubscribed-" + kind;
    projection.apply(next(), accountAt(account, 1));
    assertThat(projection.killFeedSubscribers()).as("feed connections killed").isEqualTo(1);
    Blocking.until("the query role resubscribed", SETTLE, () -> projection.feedSubscribers() == 1);

    Future<Reply> read = harness.client(kind).getBalance(QueryClient.request(account,
        Tokens.versionToken(account, 2, next())), null);
    Blocking.until("the read is waiting", SETTLE, () -> node.tokenWaiters() == 1);
    assertThat(projection.apply(next(), accountAt(account, 2))).as("feed subscribers").isEqualTo(1);

    Reply reply = Blocking.await(read, RECOVERY);
    assertThat(reply.version()).as("woken by the announcement: " + reply).isEqualTo(2);
  }

  @Test
  void a_read_that_looked_at_the_view_before_redis_took_the_resubscribe_is_woken_by_the_change_it_waits_for() {
    // Regression: the query role read the views again as soon as its SUBSCRIBE was written (the
    // Redis client completes a pub/sub command on write), not once Redis had taken it; what was
    // announced in between went to nobody, and this read waited until its deadline.
    projection.apply(next(), accountAt("unconfirmed", 1));
    dropTheFeed();
    Blocking.until("the resubscribe is held on its way to Redis", SETTLE, relay::holdsASubscribe);

    long viewReads = projection.viewReads();
    Future<Reply> read = harness.client(QueryClient.Kind.VERTX).getBalance(QueryClient.request("unconfirmed",
        Tokens.versionToken("unconfirmed", 2, next())), null);
    Blocking.until("the read is waiting", SETTLE, () -> node.tokenWaiters() == 1);
    Blocking.until("the read has looked at the view", SETTLE, () -> projection.viewReads() > viewReads);
    assertThat(projection.apply(next(), accountAt("unconfirmed", 2))).as("receivers before Redis took the subscribe")
        .isZero();
    relay.release();

    Reply reply = Blocking.await(read, RECOVERY);
    assertThat(reply.version()).as(reply.toString()).isEqualTo(2);
  }

  @Test
  void a_view_read_before_redis_took_the_resubscribe_is_not_served_after_it_from_memory() {
    // Regression: the view cache resumed on the SUBSCRIBE's write, kept this read's view, and
    // served it after the announcement that replaced it had gone to nobody.
    QueryClient client = harness.client(QueryClient.Kind.VERTX);
    projection.apply(next(), accountAt("cached", 1));
    dropTheFeed();
    Blocking.until("the resubscribe is held on its way to Redis", SETTLE, relay::holdsASubscribe);

    assertThat(client.getBalanceNow("cached", null).version()).isEqualTo(1);
    assertThat(projection.apply(next(), accountAt("cached", 2))).as("receivers before Redis took the subscribe")
        .isZero();
    relay.release();
    Blocking.until("Redis took the resubscribe", SETTLE, () -> projection.feedSubscribers() == 1);

    assertThat(client.getBalanceNow("cached", null).version()).as("the view once the feed is back").isEqualTo(2);
  }

  /** Drops the feed connection and holds its resubscribe back until {@code relay.release()}. */
  private static void dropTheFeed() {
    relay.holdSubscribes();
    assertThat(projection.killFeedSubscribers()).as("feed connections killed").isEqualTo(1);
  }
}
