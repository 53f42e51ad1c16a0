package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.testkit.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Verifies, on vertx-pg-client 5.0.7, that a pool's idle timeout and maximum lifetime really
 * close its connections, even one whose route went silent (NetClientOptions' idle timeouts do
 * not: the projection's tail pool relies on this one, see ProjectionVerticle).
 */
class PoolRecyclingIT {

  private static final String MARKER = "SELECT 'pool-recycling'";

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void a_pooled_connection_idle_past_the_idle_timeout_is_closed_even_when_its_route_went_silent() {
    TcpRelay relay = relay();
    Pool pool = pool(relay, new PoolOptions().setMaxSize(1).setIdleTimeout(1).setIdleTimeoutUnit(TimeUnit.SECONDS));
    try {
      await(pool.query(MARKER).execute());
      assertThat(relay.blackholeConnectionsThatSent(MARKER)).as("connections blackholed").isEqualTo(1);

      until("the pool closes its idle connection", Duration.ofSeconds(20), () -> relay.connectionsThatSent(MARKER),
          n -> n == 0);
      assertThat(await(pool.query("SELECT 1").execute(), Duration.ofSeconds(20)).size())
          .as("the next query runs on a new connection").isEqualTo(1);
    } finally {
      await(pool.close());
    }
  }

  @Test
  void a_pooled_connection_in_use_is_replaced_once_past_its_maximum_lifetime() {
    TcpRelay relay = relay();
    Pool pool = pool(relay, new PoolOptions().setMaxSize(1).setMaxLifetime(1).setMaxLifetimeUnit(TimeUnit.SECONDS));
    try {
      await(pool.query(MARKER).execute());
      // kept busy, so only its lifetime can end it
      until("the pool replaces its connection", Duration.ofSeconds(20), () -> {
        await(pool.query("SELECT 1").execute());
        return relay.connectionsThatSent(MARKER);
      }, n -> n == 0);
    } finally {
      await(pool.close());
    }
  }

  private static TcpRelay relay() {
    return fixture.track(TcpRelay.to(fixture.vertx, fixture.options.getHost(), fixture.options.getPort()));
  }

  private static Pool pool(TcpRelay relay, PoolOptions options) {
    return PgBuilder.pool().with(options).connectingTo(new PgConnectOptions(fixture.options).setPort(relay.port()))
        .using(fixture.vertx).build();
  }
}
