package ledger.query;

import static ledger.query.ProjectionDouble.accountAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.Future;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: after the feed dropped, the query role read the views again as soon as its
 * SUBSCRIBE was written to the socket (the Redis client completes a pub/sub command on
 * write), not once Redis had taken it. What the projection announced in between went to
 * nobody, and a read that looked at the view meanwhile waited until its deadline. Here a
 * relay holds the SUBSCRIBE back, so "in between" lasts as long as the test needs.
 */
class SubscribeConfirmationIT {

  private static final String PREFIX = TestInfra.freshPrefix("subscribe_confirmation");
  /** Longer than any step of a test on a busy machine, so only a lost wake-up ends a read at its deadline. */
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private static SubscribeRelay relay;
  private static QueryHarness harness;
  private static QueryNode node;
  private static ProjectionDouble projection;
  private static QueryClient client;
  private static long transaction;

  @BeforeAll
  static void start() {
    relay = new SubscribeRelay();
    harness = QueryHarness.start(PREFIX, MAX_WAIT, relay.redisOptions());
    node = harness.node;
    projection = harness.projection;
    client = harness.client(QueryClient.Kind.VERTX);
  }

  @AfterAll
  static void stop() {
    harness.close();
    relay.close();
  }

  @BeforeEach
  void feedIsSubscribed() {
    Blocking.until("the query role listens to the feed", SETTLE, () -> projection.feedSubscribers() == 1);
  }

  @Test
  void a_read_that_looked_at_the_view_before_redis_took_the_resubscribe_is_woken_by_the_change_it_waits_for() {
    projection.apply(next(), accountAt("waiting", 1));
    holdTheResubscribe();

    long viewReads = projection.viewReads();
    Future<Reply> read = client.getBalance(QueryClient.request("waiting", Tokens.versionToken("waiting", 2, next())),
        null);
    Blocking.until("the read is waiting", SETTLE, () -> node.tokenWaiters() == 1);
    Blocking.until("the read has looked at the view", SETTLE, () -> projection.viewReads() > viewReads);
    assertThat(projection.apply(next(), accountAt("waiting", 2))).as("receivers before Redis took the subscribe")
        .isZero();
    letTheResubscribeThrough();

    Reply reply = Blocking.await(read, MAX_WAIT.plusSeconds(1));
    assertThat(reply.version()).as(reply.toString()).isEqualTo(2);
  }

  @Test
  void a_view_read_before_redis_took_the_resubscribe_is_not_served_after_it_from_memory() {
    projection.apply(next(), accountAt("cached", 1));
    holdTheResubscribe();

    assertThat(client.getBalanceNow("cached", null).version()).isEqualTo(1);
    assertThat(projection.apply(next(), accountAt("cached", 2))).as("receivers before Redis took the subscribe")
        .isZero();
    letTheResubscribeThrough();

    assertThat(client.getBalanceNow("cached", null).version()).as("the view once the feed is back").isEqualTo(2);
  }

  private static void holdTheResubscribe() {
    relay.holdSubscribes();
    assertThat(projection.killFeedSubscribers()).as("feed connections killed").isEqualTo(1);
    Blocking.until("the resubscribe is held on its way to Redis", SETTLE, relay::holdsASubscribe);
  }

  private static void letTheResubscribeThrough() {
    relay.release();
    Blocking.until("Redis took the resubscribe", SETTLE, () -> projection.feedSubscribers() == 1);
  }

  private static Checkpoint next() {
    transaction++;
    return new Checkpoint(transaction, transaction);
  }
}
