package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import ledger.store.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each database knows which ledger it holds, and on which PostgreSQL cluster. */
class OriginIT {

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void a_database_keeps_its_ledger_id_and_two_databases_of_one_cluster_differ_only_by_it() throws Exception {
    Origin origin = await(new PgEventStore(fixture.pool).origin());
    await(new SchemaMigrator(fixture.pool).migrate());

    assertThat(await(new PgEventStore(fixture.pool).origin())).as("after migrating again").isEqualTo(origin);
    assertThat(UUID.fromString(origin.ledgerId())).isNotNull();
    assertThat(Long.parseLong(origin.systemIdentifier())).isNotZero();
    try (StoreFixture other = StoreFixture.openedFor("other_ledger")) {
      Origin second = await(new PgEventStore(other.pool).origin());
      assertThat(second.systemIdentifier()).isEqualTo(origin.systemIdentifier());
      assertThat(second.ledgerId()).isNotEqualTo(origin.ledgerId());
    }
  }

  @Test
  void a_role_that_is_no_superuser_can_read_the_origin() {
    String role = "origin_reader";
    await(fixture.pool.query("DO $$ BEGIN CREATE ROLE " + role + " LOGIN PASSWORD 'secret';"
        + " EXCEPTION WHEN duplicate_object THEN NULL; END $$").execute());
    await(fixture.pool.query("GRANT USAGE ON SCHEMA ledger TO " + role + ";"
        + " GRANT SELECT ON ledger.ledger_identity TO " + role).execute());
    Pool asReader = PgBuilder.pool().connectingTo(new PgConnectOptions(fixture.options).setUser(role)
        .setPassword("secret")).using(fixture.vertx).build();
    try {
      assertThat(await(new PgEventStore(asReader).origin()))
          .isEqualTo(await(new PgEventStore(fixture.pool).origin()));
    } finally {
      await(asReader.close());
    }
  }

  @Test
  void every_committed_transaction_id_is_below_the_next_one() {
    long before = await(new EventTail(fixture.pool).nextTransactionId());
    await(fixture.pool.query("SELECT pg_current_xact_id()").execute());

    assertThat(await(new EventTail(fixture.pool).nextTransactionId())).isGreaterThan(before);
  }
}
