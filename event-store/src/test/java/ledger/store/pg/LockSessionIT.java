package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.throughout;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Tuple;
import ledger.testkit.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL's side of a silent lock holder: once told, it ends the session of a client that
 * has gone silent, which releases the lock for a standby, and keeps the session of a client
 * that speaks more often than that.
 */
class LockSessionIT {

  /** A key of this test alone, unlike any in {@link AdvisoryLocks}. */
  private static final long KEY = 7201569901L;
  private static final Duration SILENCE = Duration.ofSeconds(2);

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void postgresql_ends_the_session_of_a_holder_gone_silent_and_so_releases_its_lock() {
    TcpRelay relay = fixture.track(TcpRelay.to(fixture.vertx, fixture.options.getHost(), fixture.options.getPort()));
    LockSession holder = await(LockSession.open(fixture.vertx,
        new PgConnectOptions(fixture.options).setPort(relay.port()), "test-silent-holder"));
    assertThat(await(holder.tryLock(KEY))).isTrue();
    await(holder.endWhenSilentFor(SILENCE));

    long silentAt = System.nanoTime();
    assertThat(relay.blackholeConnectionsThatSent("pg_try_advisory_lock")).isEqualTo(1);
    until("the lock is released", SILENCE.plusSeconds(8), LockSessionIT::holders, n -> n == 0);

    assertThat(Duration.ofNanos(System.nanoTime() - silentAt)).as("held while its holder may still write")
        .isGreaterThanOrEqualTo(SILENCE.minusMillis(100));
    await(holder.close());
  }

  @Test
  void a_holder_that_checks_more_often_than_the_timeout_keeps_its_session_and_lock() {
    LockSession holder = await(LockSession.open(fixture.vertx, fixture.options, "test-checking-holder"));
    try {
      assertThat(await(holder.tryLock(KEY))).isTrue();
      await(holder.endWhenSilentFor(SILENCE));
      long timer = fixture.vertx.setPeriodic(SILENCE.toMillis() / 4, tick -> holder.check());
      try {
        throughout(SILENCE.multipliedBy(2), () -> assertThat(holders()).as("sessions holding the lock").isEqualTo(1));
      } finally {
        fixture.vertx.cancelTimer(timer);
      }
    } finally {
      await(holder.close());
    }
    until("the lock is released on close", SILENCE, LockSessionIT::holders, n -> n == 0);
  }

  private static long holders() {
    return await(fixture.pool.preparedQuery("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'"
            + " AND granted AND ((classid::bigint << 32) | objid::bigint) = $1")
        .execute(Tuple.of(KEY))).iterator().next().getLong("n");
  }
}
