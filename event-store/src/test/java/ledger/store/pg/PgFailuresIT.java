package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import ledger.domain.AccountId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The failures PostgreSQL's client really reports when the database does not answer are taken for that. */
class PgFailuresIT {

  @RegisterExtension
  static final StoreFixture store = new StoreFixture();

  /**
   * Regression: a read that waited out the pool's connection timeout (every connection busy)
   * failed with a bare VertxException, which only the old message-text guessing took for an
   * unavailable backend; told by type alone, it became INTERNAL.
   */
  @Test
  void a_statement_that_waited_out_the_pools_connection_timeout_is_unavailable() {
    Pool oneConnection = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setConnectionTimeout(200).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(store.options).using(store.vertx).build();
    store.track(() -> await(oneConnection.close()));
    SqlConnection busy = await(oneConnection.getConnection());
    try {
      Throwable failure = await(new PgEventStore(oneConnection).readStream(AccountId.of("any"), 1, 10)
          .map(read -> (Throwable) null).otherwise(cause -> cause));

      assertThat(failure).as("the read's failure").isNotNull();
      assertThat(PgFailures.isUnavailable(failure)).as("%s is unavailable", failure).isTrue();
    } finally {
      await(busy.close());
    }
  }
}
