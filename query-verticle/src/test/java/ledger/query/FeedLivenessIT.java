package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.grpc.ManagedChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import ledger.store.Checkpoint;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import ledger.v1.Balance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed subscription goes silent: its route drops every byte both ways and never closes
 * (no FIN, no RST), so Redis still counts the subscriber and the query role hears nothing.
 * Regression: nothing noticed, so waiting reads ran to their deadline and balance streams
 * froze, for as long as TCP keepalive took (hours by default). The role PINGs its
 * subscription and replaces one that stops answering; a read or a stream update then
 * arrives within seconds, long before the reads' 60 s budget.
 */
class FeedLivenessIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(60);
  /** Noticed within about 4 s (FeedLiveness.DEFAULTS), resubscribed, read again: room for a busy machine. */
  private static final Duration NOTICED = Duration.ofSeconds(15);
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
    until("the query role listens to the feed", SETTLE, bed::feedSubscribers, n -> n >= 1);
  }

  @Test
  void a_read_waiting_for_a_token_is_answered_soon_after_its_feed_connection_goes_silent() {
    bed.writer().open("silent-read", "USD", 0);
    bed.projection().project();
    assertThat(REDIS.blackholeConnectionsThatSent("SUBSCRIBE")).as("feed connections blackholed").isEqualTo(1);

    Checkpoint deposited = bed.writer().deposit("silent-read", 1_000, "announced into the void");
    int waitingBefore = bed.node().tokenWaiters();
    long viewReads = bed.redis().viewReads();
    Future<Reply<Balance>> read = bed.client(QueryClient.Kind.VERTX).getBalance(
        QueryClient.request("silent-read", Tokens.versionToken("silent-read", 2, deposited)), null);
    until("the read is waiting", SETTLE, bed.node()::tokenWaiters, n -> n == waitingBefore + 1);
    until("the read has looked at the view", SETTLE, bed.redis()::viewReads, n -> n > viewReads);
    bed.projection().project();

    Reply<Balance> reply = await(read, NOTICED);
    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(2);
  }

  @Test
  void a_balance_stream_gets_the_next_change_soon_after_its_feed_connection_goes_silent() {
    bed.writer().open("silent-stream", "USD", 0);
    bed.projection().project();
    ManagedChannel channel = GrpcJava.channel(bed.node().port());
    try {
      WatchedStream stream = WatchedStream.start(channel, "silent-stream");
      stream.awaitAtLeast(1, SETTLE);
      assertThat(REDIS.blackholeConnectionsThatSent("SUBSCRIBE")).as("feed connections blackholed").isEqualTo(1);

      bed.writer().deposit("silent-stream", 1_000, "announced into the void");
      bed.projection().project();

      stream.awaitAtLeast(2, NOTICED);
      assertThat(stream.versions()).containsExactly(1L, 2L);
    } finally {
      GrpcJava.close(channel);
    }
  }
}
