package ledger.query;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import ledger.v1.Balance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads of a missing view share replays of the account from the store, but a read never
 * shares one that was already running when it asked: that replay may have read the events
 * before the write the read's token names. The replays' only connection is held busy so
 * that the first replay is still running when the others ask.
 */
class StoreReplaysIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @Test
  void reads_that_ask_while_a_replay_runs_share_the_next_one_not_that_one() {
    bed.writer().open("replayed", "USD", 0);
    bed.writer().deposit("replayed", 2_500, "pay");
    Pool pool = bed.pool(1);
    PgEventStore events = new PgEventStore(pool);
    StoreReplays replays = new StoreReplays(events, new AccountLoader(events, new SnapshotStore(pool), 100));
    SqlConnection busy = await(pool.getConnection());
    AccountId id = AccountId.of("replayed");

    Future<AccountView> running = replays.current(id);
    Future<AccountView> next = replays.current(id);
    Future<AccountView> sharedNext = replays.current(id);
    Future<AccountView> unknown = replays.current(AccountId.of("nobody"));

    assertThat(next).as("asked while the first ran").isNotSameAs(running);
    assertThat(sharedNext).as("asked while the same one ran").isSameAs(next);
    assertThat(running.isComplete() || next.isComplete()).isFalse();
    await(busy.close());
    Balance truth = bed.writer().expectedBalance("replayed", bed.writer().stored("replayed").get(1));
    assertThat(Balances.of(await(running))).isEqualTo(truth);
    assertThat(Balances.of(await(next))).isEqualTo(truth);
    assertThat(await(unknown)).as("an account the store does not have").isNull();
    assertThat(Balances.of(await(replays.current(id)))).as("after they all ended").isEqualTo(truth);
  }
}
