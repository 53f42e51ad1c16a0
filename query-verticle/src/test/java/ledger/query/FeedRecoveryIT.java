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
 * connection drops, the query role resubscribes and reads again for every waiting read,
 * so an announcement lost meanwhile costs latency, never an answer.
 */
class FeedRecoveryIT {

  private static final String PREFIX = TestInfra.freshPrefix("feed_recovery");
  private static final Duration MAX_WAIT = Duration.ofSeconds(5);
  private static QueryHarness harness;
  private static QueryNode node;
  private static ProjectionDouble projection;
  private static long transaction;

  @BeforeAll
  static void start() {
    harness = QueryHarness.start(PREFIX, MAX_WAIT);
    node = harness.node;
    projection = harness.projection;
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void feedIsSubscribed() {
    Blocking.until("the query role listens to the feed", Duration.ofSeconds(5),
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
    Future<Reply> read = harness.client(kind).getBalance(account, Tokens.versionToken(account, 2, next()));
    Blocking.until("the read is waiting", Duration.ofSeconds(5), () -> node.tokenWaiters() == 1);

    assertThat(projection.killFeedSubscribers()).as("feed connections killed").isEqualTo(1);
    long receivers = projection.apply(next(), accountAt(account, 2));
    assertThat(receivers).as("the announcement went out while no one listened").isZero();

    Reply reply = Blocking.await(read, MAX_WAIT.plusSeconds(1));
    assertThat(reply.version()).as(reply.toString()).isEqualTo(2);
    assertThat(reply.elapsedMillis()).as("recovered well before the wait's deadline")
        .isLessThan(MAX_WAIT.toMillis() / 2);
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
        500, QueryClient.DEFAULT_DEADLINE);

    assertThat(projection.killFeedSubscribers()).as("feed connections killed").isEqualTo(1);
    List<Future<Long>> announcements = new ArrayList<>();
    for (int a = 0; a < 20; a++) {
      announcements.add(projection.applyAsync(next(), accountAt("crowd-" + a, 2)));
    }
    assertThat(Blocking.await(Future.all(announcements)).<Long>list()).as("receivers while the feed is down")
        .containsOnly(0L);

    for (Future<Reply> read : reads) {
      Reply reply = Blocking.await(read, MAX_WAIT.plusSeconds(1));
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
    Blocking.until("the query role resubscribed", Duration.ofSeconds(5), () -> projection.feedSubscribers() == 1);

    Future<Reply> read = harness.client(kind).getBalance(account, Tokens.versionToken(account, 2, next()));
    Blocking.until("the read is waiting", Duration.ofSeconds(5), () -> node.tokenWaiters() == 1);
    long announced = System.nanoTime();
    assertThat(projection.apply(next(), accountAt(account, 2))).as("feed subscribers").isEqualTo(1);

    Reply reply = Blocking.await(read, MAX_WAIT.plusSeconds(1));
    assertThat(reply.version()).as(reply.toString()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - announced)).as("woken by the announcement")
        .isLessThan(Duration.ofSeconds(1));
  }
}
