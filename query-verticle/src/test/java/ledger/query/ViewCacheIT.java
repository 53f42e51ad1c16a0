package ledger.query;

import static ledger.query.ProjectionDouble.accountAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query role keeps hot views in memory, fed by the projection's announcements: a hot
 * account costs no Redis round trip, an announcement moves its view forward, and a lost
 * subscription (announcements missed) sends reads back to Redis, never to an old view.
 */
class ViewCacheIT {

  private static final String PREFIX = TestInfra.freshPrefix("view_cache");
  private static QueryHarness harness;
  private static ProjectionDouble projection;
  private static long transaction;

  @BeforeAll
  static void start() {
    harness = QueryHarness.start(PREFIX, Duration.ofSeconds(5));
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

  private static long read(String account) {
    Reply reply = Blocking.await(harness.client(QueryClient.Kind.VERTX).getBalance(account, null));
    assertThat(reply.answered()).as(reply.toString()).isTrue();
    return reply.version();
  }

  @Test
  void a_hot_account_is_read_from_redis_at_most_once() {
    projection.apply(next(), accountAt("hot", 1));
    long before = projection.viewReads();
    for (int i = 0; i < 50; i++) {
      assertThat(read("hot")).isEqualTo(1);
    }
    assertThat(projection.viewReads() - before).as("HGETALLs for 50 reads").isLessThanOrEqualTo(1);
  }

  @Test
  void an_announcement_moves_the_cached_view_forward_without_a_redis_read() {
    projection.apply(next(), accountAt("moving", 1));
    assertThat(read("moving")).isEqualTo(1);
    long before = projection.viewReads();
    projection.apply(next(), accountAt("moving", 2));
    Blocking.until("the read sees version 2", Duration.ofSeconds(5), () -> read("moving") == 2);
    assertThat(projection.viewReads() - before).as("HGETALLs").isZero();
  }

  @Test
  void after_the_feed_drops_a_view_changed_meanwhile_is_read_from_redis_not_from_memory() {
    projection.apply(next(), accountAt("dropped", 1));
    assertThat(read("dropped")).isEqualTo(1);
    assertThat(read("dropped")).as("from memory").isEqualTo(1);

    assertThat(projection.killFeedSubscribers()).as("feed connections killed").isEqualTo(1);
    // changed with no announcement at all: only Redis knows
    projection.store(accountAt("dropped", 2));
    Blocking.until("the query role resubscribed", Duration.ofSeconds(5), () -> projection.feedSubscribers() == 1);

    assertThat(read("dropped")).isEqualTo(2);
  }
}
