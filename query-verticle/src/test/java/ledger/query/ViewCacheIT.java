package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.readmodel.FeedMessage;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_token_read_of_an_account_the_token_does_not_name_is_not_answered_from_a_cache_behind_the_token(
      QueryClient.Kind kind) {
    // Regression: the read waited for the token's commit point (Redis's checkpoint had passed it),
    // then answered from memory, where the announcement of that point had not arrived yet.
    String first = "written-first-" + kind;
    String last = "written-last-" + kind;
    bed.writer().open(first, "USD", 0);
    bed.writer().open(last, "USD", 0);
    bed.projection().project();
    assertThat(read(first)).as("cached").isEqualTo(1);
    bed.writer().deposit(first, 1_000, "first write");
    String lastToken = Tokens.versionToken(last, 2, bed.writer().deposit(last, 1_000, "second write"));
    FeedMessage heldBack = bed.projection().projectQuietly();

    Reply<Balance> reply = bed.client(kind).getBalanceNow(first, lastToken);
    assertThat(reply.answer().getVersion()).as("the first write, read with the second's token: " + reply)
        .isEqualTo(2);
    assertThat(FirstUpdate.of(bed.node(), first, lastToken).getVersion()).as("a stream's first message")
        .isEqualTo(2);

    bed.projection().announce(heldBack);
    until("the announcement reached the cache", Duration.ofSeconds(5), () -> read(first), version -> version == 2);
  }
}
