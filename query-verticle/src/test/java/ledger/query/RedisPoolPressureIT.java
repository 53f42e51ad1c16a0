package ledger.query;

import static ledger.query.ProjectionDouble.accountAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When Redis cannot take another read (here: a pool of one reading connection with four
 * waiting slots, flooded by a burst), a read says so at once, UNAVAILABLE, which the caller
 * may retry; it never waits out its deadline for a view it failed to look at.
 */
class RedisPoolPressureIT {

  private static final String PREFIX = TestInfra.freshPrefix("pool_pressure");
  private static final Duration MAX_WAIT = Duration.ofSeconds(10);
  private static final int BURST = 500;
  private static QueryNode node;
  private static Vertx clientVertx;
  private static VertxQueryClient client;
  private static ProjectionDouble projection;

  @BeforeAll
  static void start() {
    // One pooled connection holds the feed subscription; the other serves every read.
    node = QueryNode.start(PREFIX, MAX_WAIT, TestInfra.redisOptions().setMaxPoolSize(2).setMaxPoolWaiting(4));
    clientVertx = Vertx.vertx();
    client = new VertxQueryClient(clientVertx, node.port());
    projection = new ProjectionDouble(clientVertx, PREFIX);
  }

  @AfterAll
  static void stop() {
    client.close();
    projection.close();
    Blocking.await(clientVertx.close());
    node.close();
  }

  @Test
  void a_token_read_whose_view_read_the_redis_pool_refuses_fails_fast_instead_of_waiting_out_its_deadline() {
    // Regression: the failed read was dropped, and the call answered CONSISTENCY_WAIT_TIMEOUT
    // after the full wait although the view had covered its token all along.
    for (int a = 0; a < 5; a++) {
      projection.store(accountAt("pressed-" + a, 3));
    }
    projection.storeCheckpoint(new Checkpoint(10, 10));
    List<Future<Reply>> reads = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      String account = "pressed-" + (i % 5);
      String token = i % 2 == 0
          ? Tokens.versionToken(account, 2, new Checkpoint(9, 9))
          : Tokens.versionToken("someone-else", 7, new Checkpoint(9, 9));
      reads.add(client.getBalance(QueryClient.request(account, token), MAX_WAIT.plusSeconds(5)));
    }

    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<Reply> read : reads) {
      Reply reply = Blocking.await(read);
      if (reply.answered()) {
        assertThat(reply.version()).isEqualTo(3);
      }
      assertThat(reply.elapsedMillis()).as(reply.toString()).isLessThan(MAX_WAIT.toMillis() / 2);
      outcomes.merge(reply.status().name() + " " + reply.reason(), 1, Integer::sum);
    }

    assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
        .isSubsetOf("OK null", "UNAVAILABLE BACKEND_UNAVAILABLE")
        .contains("UNAVAILABLE BACKEND_UNAVAILABLE");
    Blocking.until("no waiter left", Duration.ofSeconds(1), () -> node.tokenWaiters() == 0);
  }
}
