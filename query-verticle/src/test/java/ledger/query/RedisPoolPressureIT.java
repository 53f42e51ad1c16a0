package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.Future;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.testkit.TestInfra;
import ledger.v1.Balance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When Redis cannot take another read (here: a pool of one reading connection with four
 * waiting slots, flooded by a burst), a read says so at once, UNAVAILABLE, which the caller
 * may retry; it never waits out its deadline for a view it failed to look at.
 */
class RedisPoolPressureIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(10);
  private static final int BURST = 500;

  // One pooled connection holds the feed subscription; the other serves every read.
  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT)
      .withNodeRedis(TestInfra.redisOptions().setMaxPoolSize(2).setMaxPoolWaiting(4));

  @Test
  void a_token_read_whose_view_read_the_redis_pool_refuses_fails_fast_instead_of_waiting_out_its_deadline() {
    // Regression: the failed read was dropped, and the call answered CONSISTENCY_WAIT_TIMEOUT
    // after the full wait although the view had covered its token all along.
    List<Checkpoint> atVersion2 = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      bed.writer().open("pressed-" + a, "USD", 0);
      atVersion2.add(bed.writer().deposit("pressed-" + a, 100, "d1"));
      bed.writer().deposit("pressed-" + a, 100, "d2");
    }
    bed.projection().project();
    QueryClient client = bed.client(QueryClient.Kind.VERTX);
    List<Future<Reply<Balance>>> reads = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      String account = "pressed-" + (i % 5);
      Checkpoint covered = atVersion2.get(i % 5);
      String token = i % 2 == 0
          ? Tokens.versionToken(account, 2, covered)
          : Tokens.versionToken("someone-else", 7, covered);
      reads.add(client.getBalance(QueryClient.request(account, token), MAX_WAIT.plusSeconds(5)));
    }

    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<Reply<Balance>> read : reads) {
      Reply<Balance> reply = await(read);
      if (reply.ok()) {
        assertThat(reply.answer().getVersion()).isEqualTo(3);
      }
      assertThat(reply.elapsedMillis()).as(reply.toString()).isLessThan(MAX_WAIT.toMillis() / 2);
      outcomes.merge(reply.status().name() + " " + reply.reason(), 1, Integer::sum);
    }

    assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
        .isSubsetOf("OK null", "UNAVAILABLE BACKEND_UNAVAILABLE")
        .contains("UNAVAILABLE BACKEND_UNAVAILABLE");
    until("no waiter left", Duration.ofSeconds(1), bed.node()::tokenWaiters, n -> n == 0);
  }
}
