package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The query role keeps hot views in memory, fed by the projection's announcements: a hot
 * account costs no Redis round trip, an announcement moves its view forward, and a lost
 * subscription (announcements missed) sends reads back to Redis, never to an old view.
 */
class ViewCacheIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @BeforeEach
  void feedIsSubscribed() {
    until("the query role listens to the feed", Duration.ofSeconds(5), bed::feedSubscribers, n -> n == 1);
  }

  private static long read(String account) {
    Reply<Balance> reply = await(bed.client(QueryClient.Kind.VERTX).getBalance(account, null));
    assertThat(reply.ok()).as(reply.toString()).isTrue();
    return reply.answer().getVersion();
  }

  @Test
  void a_hot_account_is_read_from_redis_at_most_once() {
    bed.writer().open("hot", "USD", 0);
    bed.projection().project();
    long before = bed.redis().viewReads();
    for (int i = 0; i < 50; i++) {
      assertThat(read("hot")).isEqualTo(1);
    }
    assertThat(bed.redis().viewReads() - before).as("HGETALLs for 50 reads").isLessThanOrEqualTo(1);
  }

  @Test
  void an_announcement_moves_the_cached_view_forward_without_a_redis_read() {
    bed.writer().open("moving", "USD", 0);
    bed.projection().project();
    assertThat(read("moving")).isEqualTo(1);
    long before = bed.redis().viewReads();
    bed.writer().deposit("moving", 1_000, "announced");
    bed.projection().project();
    until("the read sees version 2", Duration.ofSeconds(5), () -> read("moving"), version -> version == 2);
    assertThat(bed.redis().viewReads() - before).as("HGETALLs").isZero();
  }

  @Test
  void after_the_feed_drops_a_view_changed_meanwhile_is_read_from_redis_not_from_memory() {
    bed.writer().open("dropped", "USD", 0);
    bed.projection().project();
    assertThat(read("dropped")).isEqualTo(1);
    assertThat(read("dropped")).as("from memory").isEqualTo(1);

    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
    // changed with no announcement at all: only Redis knows
    bed.writer().deposit("dropped", 1_000, "never announced");
    bed.projection().projectQuietly();
    until("the query role resubscribed", Duration.ofSeconds(5), bed::feedSubscribers, n -> n == 1);

    assertThat(read("dropped")).isEqualTo(2);
  }
}
