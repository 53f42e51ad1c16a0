package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.throughout;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The feed's PINGs must not mistake a healthy, quiet subscription for a dead one: Redis
 * answers a subscriber's PING as a pub/sub-shaped reply under RESP2 and as a plain one under
 * RESP3, and either must count as an answer, or the feed would be dropped and resubscribed
 * (emptying the view cache) every few seconds.
 */
class FeedPingIT {

  private static final FeedLiveness FAST = new FeedLiveness(Duration.ofMillis(50), Duration.ofMillis(300));
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
  void a_quiet_healthy_subscription_answers_its_pings_and_is_kept(ProtocolVersion protocol) {
    Redis redis = Redis.createClient(vertx, TestInfra.redisOptions().setPreferredProtocolVersion(protocol));
    AtomicInteger subscribed = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    ViewFeed feed = new ViewFeed(vertx, redis, TestInfra.freshPrefix("feed-ping") + "feed", message -> { },
        () -> true, subscribed::incrementAndGet, lost::incrementAndGet, FAST);
    try {
      await(feed.open());
      until("the subscription is confirmed", Duration.ofSeconds(10), subscribed::get, n -> n == 1);

      // ten timeouts' worth of PINGs, each answered or the feed would have been replaced
      throughout(FAST.timeout().multipliedBy(10), () -> {
        assertThat(lost.get()).as("subscriptions given up").isZero();
        assertThat(subscribed.get()).as("subscriptions confirmed").isEqualTo(1);
      });
    } finally {
      await(feed.close());
      await(redis.close());
    }
  }

  /**
   * The PINGs this feed once sent on its subscribed connection lost announcements: the Redis
   * client handed an announcement that arrived during a PING to the PING's caller (RESP2), or
   * dropped the PING's answer (RESP3) so that a busy feed looked dead and was replaced.
   */
  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
  void announcements_flowing_while_the_feed_checks_its_subscription_all_arrive_and_it_is_kept(
      ProtocolVersion protocol) {
    Redis redis = Redis.createClient(vertx, TestInfra.redisOptions().setPreferredProtocolVersion(protocol));
    String channel = TestInfra.freshPrefix("feed-busy") + "feed";
    List<FeedMessage> received = new CopyOnWriteArrayList<>();
    AtomicInteger subscribed = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    ViewFeed feed = new ViewFeed(vertx, redis, channel, received::add, () -> true, subscribed::incrementAndGet,
        lost::incrementAndGet, FAST);
    int announcements = 2_000;
    try {
      await(feed.open());
      until("the subscription is confirmed", Duration.ofSeconds(10), subscribed::get, n -> n == 1);

      for (int i = 1; i <= announcements; i++) {
        await(redis.send(Request.cmd(Command.PUBLISH).arg(channel)
            .arg(new FeedMessage(new Checkpoint(i, i), List.of()).encode())));
      }

      until("every announcement arrived", Duration.ofSeconds(30), received::size, n -> n >= announcements);
      assertThat(received).extracting(message -> message.checkpoint().globalPosition())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, announcements).boxed().toList());
      assertThat(lost.get()).as("subscriptions given up").isZero();
      assertThat(subscribed.get()).as("subscriptions confirmed").isEqualTo(1);
    } finally {
      await(feed.close());
      await(redis.close());
    }
  }
}
