package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewWriter;
import ledger.store.AppendResult;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis holds only derived data: whatever it loses, the projection rebuilds from the store. */
class RedisDataLossIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerClass();
  private static RunningProjection projection;

  @BeforeAll
  static void start() {
    // Batches of two, so that rebuilding from the start takes several batches, as it does in production.
    projection = fixture.start(fixture.config(2));
  }

  @Test
  void after_every_key_of_the_prefix_is_deleted_the_next_event_rebuilds_every_view_from_the_store() {
    AccountId first = account("flushed-1");
    AccountId second = account("flushed-2");
    AccountId third = account("flushed-3");
    fixture.open(first, "USD");
    fixture.deposit(first, 100, 200);
    fixture.open(second, "JPY", 1_000);
    fixture.withdraw(second, 400);
    fixture.open(third, "EUR");
    eventually(fixture::assertViewsMatchStore);

    fixture.views.deleteEveryKeyWithPrefix();
    assertThat(fixture.views.keysWithPrefix()).isEmpty();
    AppendResult next = fixture.deposit(second, 1);

    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.account(first).balanceMinor()).isEqualTo(300);
    assertThat(fixture.views.account(second).balanceMinor()).isEqualTo(-399);
    assertThat(fixture.views.account(third).version()).isEqualTo(1);
    assertThat(fixture.views.checkpoint()).isEqualTo(next.checkpoint().encode());
    assertThat(projection.observer.resumedFrom).contains(Checkpoint.START);
  }

  /**
   * Query-side token waiters take a feed message's checkpoint as "the views cover this point".
   * The batch that finds the checkpoint gone must therefore not announce its own, newer one:
   * the other accounts' views are still missing until the replay from the start reaches it.
   */
  @Test
  void after_the_views_are_lost_the_feed_announces_no_checkpoint_the_rebuilt_views_do_not_cover_yet() {
    AccountId first = account("announced-1");
    AccountId second = account("announced-2");
    fixture.open(first, "USD");
    fixture.deposit(first, 10, 20, 30);
    fixture.open(second, "USD");
    eventually(fixture::assertViewsMatchStore);

    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      fixture.views.deleteEveryKeyWithPrefix();
      AppendResult next = fixture.deposit(second, 4);

      eventually(fixture::assertViewsMatchStore);
      eventually(() -> assertThat(feed.messages()).last().extracting(FeedMessage::checkpoint)
          .isEqualTo(next.checkpoint()));
      List<Checkpoint> announced = feed.messages().stream().map(FeedMessage::checkpoint).toList();
      assertThat(announced).as("checkpoints announced after the loss, in order").isSorted();
      assertThat(announced.get(0)).as("the first announcement, made while the views were being rebuilt")
          .isLessThan(next.checkpoint());
    }
  }

  @Test
  void a_deleted_account_view_is_rebuilt_from_its_whole_stream_when_the_account_changes_again() {
    AccountId evicted = account("evicted");
    fixture.open(evicted, "GBP", 50);
    fixture.deposit(evicted, 10);
    fixture.deposit(evicted, 20);
    eventually(fixture::assertViewsMatchStore);

    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      fixture.views.delete(fixture.views.keys.account(evicted));
      AppendResult next = fixture.withdraw(evicted, 5);

      eventually(() -> assertThat(fixture.views.account(evicted)).isEqualTo(fixture.expectedView(evicted)));
      AccountView repaired = fixture.views.account(evicted);
      assertThat(repaired.currency()).as("known only from the first event").isEqualTo("GBP");
      assertThat(repaired.overdraftLimitMinor()).isEqualTo(50);
      assertThat(repaired.balanceMinor()).isEqualTo(25);
      assertThat(repaired.version()).isEqualTo(4);
      eventually(() -> assertThat(feed.viewsOf(evicted)).containsExactly(repaired));
      assertThat(fixture.views.checkpoint()).isEqualTo(next.checkpoint().encode());
    }
  }

  /**
   * Regression (BankUnderFaultsIT): after a Redis restart the projection stopped for good. Redis
   * forgets its scripts; a batch's failure reads "ERR [0] NOSCRIPT ...", which the writer did not
   * take for NOSCRIPT, so it never loaded them again and retried the batch forever.
   */
  @Test
  void a_batch_is_applied_after_redis_forgot_the_scripts() {
    AccountId first = account("scripts-forgotten-1");
    AccountId second = account("scripts-forgotten-2");
    fixture.open(first, "USD");
    fixture.deposit(first, 7, 8);
    fixture.open(second, "EUR");
    ViewKeys keys = new ViewKeys(TestInfra.freshPrefix("scripts-forgotten"));
    ViewWriter writer = fixture.writer(keys);
    await(fixture.redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));

    // Two accounts: two script calls in one Redis batch, as every busy batch is.
    await(writer.apply(Stream.concat(fixture.stream(first).stream(), fixture.stream(second).stream()).toList()));

    RedisViews views = new RedisViews(fixture.redis, keys);
    assertThat(views.account(first)).isEqualTo(fixture.expectedView(first));
    assertThat(views.account(second)).isEqualTo(fixture.expectedView(second));
  }
}
