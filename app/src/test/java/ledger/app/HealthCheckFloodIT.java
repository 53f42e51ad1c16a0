package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC health checks are open to anyone (no token, no per-caller limit): a flood of them must
 * not turn into a flood of backend probes on the process's one probe connection.
 */
class HealthCheckFloodIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  private static final Pattern PING_CALLS = Pattern.compile("cmdstat_ping:calls=(\\d+)");

  @Test
  void a_flood_of_health_checks_shares_one_backend_probe_a_second() throws Exception {
    Redis redis = Redis.createClient(fixture.clientVertx, TestInfra.redisUrl());
    long before = pings(redis);
    HealthGrpc.HealthFutureStub health = HealthGrpc.newFutureStub(fixture.channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    List<ListenableFuture<HealthCheckResponse>> checks = new ArrayList<>();

    for (int i = 0; i < 400; i++) {
      checks.add(health.check(HealthCheckRequest.getDefaultInstance()));
    }

    for (ListenableFuture<HealthCheckResponse> check : checks) {
      assertThat(check.get(20, TimeUnit.SECONDS).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
    // the projection's and the feed's own PINGs run meanwhile: a few a second
    assertThat(pings(redis) - before).isLessThan(100);
    redis.close();
  }

  private static long pings(Redis redis) {
    String info = await(redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
    Matcher calls = PING_CALLS.matcher(info);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }
}
