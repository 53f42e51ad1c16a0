package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import ledger.v1.Balance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis going away under a read (a restart, a failover, a dropped connection) is UNAVAILABLE
 * BACKEND_UNAVAILABLE, which the caller may retry, never INTERNAL; once Redis answers again,
 * so does the read. The node reaches Redis through a relay that drops a connection the
 * moment a request arrives on it, so the read is in flight when its connection dies.
 */
class RedisOutageIT {

  private static final Vertx RELAY_VERTX = Vertx.vertx();
  private static final TcpRelay REDIS = TcpRelay.to(RELAY_VERTX, "127.0.0.1", TestInfra.redisPort());

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5))
      .withNodeRedis(TestInfra.redisOptions().setConnectionString("redis://127.0.0.1:" + REDIS.port()));

  @AfterAll
  static void closeRelay() {
    REDIS.close();
    await(RELAY_VERTX.close());
  }

  /** Regression: a GetBalance that met a Redis restart answered INTERNAL (seen with Redis restarted under load). */
  @Test
  void a_read_whose_redis_connection_is_lost_in_flight_is_unavailable_and_the_retry_answers() {
    bed.writer().open("outage", "USD", 0);
    Checkpoint deposited = bed.writer().deposit("outage", 250, "d1");
    // Written but not announced: nothing is cached, so every read below goes to Redis.
    bed.projection().projectQuietly();

    REDIS.dropRequests();
    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      Reply<Balance> lost = await(bed.client(kind).getBalance("outage", ""));
      assertThat(lost.status()).as("%s from the %s client", lost, kind).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(lost.reason()).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(lost.message()).isNotBlank();
    }
    REDIS.forwardRequests();

    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      Reply<Balance> retried = await(bed.client(kind).getBalance("outage", Tokens.versionToken("outage", 2, deposited)));
      assertThat(retried.ok()).as("%s from the %s client", retried, kind).isTrue();
      assertThat(retried.answer().getBalanceMinor()).isEqualTo(250);
    }
    until("no waiter left", Duration.ofSeconds(5), bed.node()::tokenWaiters, n -> n == 0);
  }
}
