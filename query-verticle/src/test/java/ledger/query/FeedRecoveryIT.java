package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import ledger.v1.GetBalanceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis does not keep pub/sub messages for a subscriber that is away. When the feed
 * connection drops, the query role resubscribes and reads again for every waiting read,
 * so an announcement lost meanwhile costs latency, never an answer.
 */
@ExtendWith(VertxExtension.class)
class FeedRecoveryIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT);

  @BeforeEach
  void feedIsSubscribed() {
    until("the query role listens to the feed", Duration.ofSeconds(5), bed::feedSubscribers, n -> n == 1);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_waiting_read_completes_although_its_announcement_was_published_while_the_feed_was_down(
      QueryClient.Kind kind) {
    String account = "lost-" + kind;
    bed.writer().open(account, "USD", 0);
    bed.projection().project();
    Checkpoint deposited = bed.writer().deposit(account, 1_000, "announced while the feed is down");
    Future<Reply<Balance>> read = bed.client(kind).getBalance(account, Tokens.versionToken(account, 2, deposited));
    until("the read is waiting", Duration.ofSeconds(5), bed.node()::tokenWaiters, n -> n == 1);
    FeedMessage announcement = bed.projection().projectQuietly();

    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
    long receivers = bed.projection().announce(announcement);
    assertThat(receivers).as("the announcement went out while no one listened").isZero();

    Reply<Balance> reply = await(read, MAX_WAIT.plusSeconds(1));
    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(2);
    assertThat(reply.elapsedMillis()).as("recovered well before the wait's deadline")
        .isLessThan(MAX_WAIT.toMillis() / 2);
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
        500, QueryClient.DEFAULT_DEADLINE);
    FeedMessage announcement = bed.projection().projectQuietly();

    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
    assertThat(bed.projection().announce(announcement)).as("receivers while the feed is down").isZero();

    WaitingReads.checkEach(reads, recovered, reply -> {
      assertThat(reply.ok()).as(reply.toString()).isTrue();
      assertThat(reply.answer().getVersion()).isEqualTo(2);
    });
    WaitingReads.awaitEach(recovered, MAX_WAIT.plusSeconds(1));
    assertThat(bed.node().tokenWaiters()).isZero();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void after_the_feed_was_dropped_announcements_wake_waiting_reads_again(QueryClient.Kind kind) {
    String account = "resubscribed-" + kind;
    bed.writer().open(account, "USD", 0);
    bed.projection().project();
    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
    until("the query role resubscribed", Duration.ofSeconds(5), bed::feedSubscribers, n -> n == 1);

    Checkpoint deposited = bed.writer().deposit(account, 1_000, "announced");
    Future<Reply<Balance>> read = bed.client(kind).getBalance(account, Tokens.versionToken(account, 2, deposited));
    until("the read is waiting", Duration.ofSeconds(5), bed.node()::tokenWaiters, n -> n == 1);
    long announced = System.nanoTime();
    assertThat(bed.projection().project()).as("feed subscribers").isEqualTo(1);

    Reply<Balance> reply = await(read, MAX_WAIT.plusSeconds(1));
    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - announced)).as("woken by the announcement")
        .isLessThan(Duration.ofSeconds(1));
  }
}
