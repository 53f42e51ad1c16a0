package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.readmodel.AccountRebuild;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewFields;
import ledger.readmodel.ViewScripts;
import ledger.store.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stored event the projection cannot read (a newer release's schema version, a malformed
 * payload) failed every batch that held it, forever, with a WARN: the whole read side stood
 * still. Now only its account waits, degraded, and never shows a balance without that event;
 * every other account keeps moving; a rebuild restores the account once a release reads it.
 */
class PoisonEventIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @Test
  void an_unreadable_event_degrades_only_its_account_and_every_other_account_keeps_moving() {
    AccountId poisoned = account("poisoned-1");
    AccountId healthy = account("healthy-1");
    fixture.open(poisoned, "USD");
    fixture.deposit(poisoned, 100);
    fixture.open(healthy, "USD");
    RunningProjection projection = fixture.start();
    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      insertFromANewerRelease(poisoned, 3);
      insertDeposit(poisoned, 4, 50, 200);
      fixture.deposit(healthy, 7);
      Checkpoint head = fixture.head();

      eventually(() -> assertThat(Checkpoint.parse(fixture.views.checkpoint())).isEqualTo(head));
      assertThat(fixture.views.account(healthy)).isEqualTo(fixture.expectedView(healthy));
      Map<String, String> view = fixture.views.hash(fixture.views.keys.account(poisoned));
      assertThat(view).containsEntry(ViewFields.VERSION, "2").containsEntry(ViewFields.BALANCE, "100")
          .containsEntry(ViewFields.HELD_THROUGH, "4");
      assertThat(view.get(ViewFields.DEGRADED)).startsWith("version 3: MoneyDeposited v99: ");
      assertThat(degradedIndex()).containsExactly("poisoned-1");
      assertThat(projection.observer.unreadable).extracting(e -> e.streamId().value(), e -> e.version())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("poisoned-1", 3L));
      eventually(() -> assertThat(feed.messages()).flatExtracting(FeedMessage::degraded).contains(poisoned));
      assertThat(feed.viewsOf(poisoned)).allSatisfy(announced -> assertThat(announced.version()).isLessThan(3));
    }
  }

  @Test
  void once_a_release_reads_the_event_a_rebuild_restores_the_account_and_its_later_events_apply_again() {
    AccountId poisoned = account("poisoned-2");
    fixture.open(poisoned, "USD");
    fixture.deposit(poisoned, 100);
    fixture.start();
    insertFromANewerRelease(poisoned, 3);
    insertDeposit(poisoned, 4, 50, 200);
    eventually(() -> assertThat(fixture.views.hash(fixture.views.keys.account(poisoned)))
        .containsEntry(ViewFields.HELD_THROUGH, "4"));
    AccountRebuild rebuild = new AccountRebuild(fixture.redis, fixture.store, fixture.views.keys, ViewScripts.load());

    assertThatThrownBy(() -> await(rebuild.rebuild(poisoned))).isInstanceOfSatisfying(LedgerException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.EVENT_UNREADABLE));
    assertThat(fixture.views.hash(fixture.views.keys.account(poisoned))).containsKey(ViewFields.DEGRADED);

    deployTheReleaseThatReads(poisoned, 3);
    AccountRebuild.Rebuilt rebuilt = await(rebuild.rebuild(poisoned));

    assertThat(rebuilt).isEqualTo(new AccountRebuild.Rebuilt(poisoned, 4, 4));
    assertThat(fixture.views.hash(fixture.views.keys.account(poisoned))).doesNotContainKeys(ViewFields.DEGRADED,
        ViewFields.HELD_THROUGH);
    assertThat(fixture.views.account(poisoned)).isEqualTo(fixture.expectedView(poisoned));
    assertThat(degradedIndex()).isEmpty();
    fixture.deposit(poisoned, 1);
    eventually(() -> assertThat(fixture.views.account(poisoned)).isEqualTo(fixture.expectedView(poisoned)));
  }

  /**
   * A degraded account whose view was then lost (a deleted hash, an eviction) took its mark
   * with it; its next event found a gap, the repair read its stream, met the unreadable event
   * and failed the batch, every ring, for every account: the stall poison events once caused.
   */
  @Test
  void a_degraded_account_whose_view_was_lost_is_degraded_again_and_the_others_keep_moving() {
    AccountId poisoned = account("poisoned-lost");
    AccountId healthy = account("healthy-lost");
    fixture.open(poisoned, "USD");
    fixture.open(healthy, "USD");
    fixture.start();
    insertFromANewerRelease(poisoned, 2);
    eventually(() -> assertThat(fixture.views.hash(fixture.views.keys.account(poisoned)))
        .containsKey(ViewFields.DEGRADED));

    fixture.views.delete(fixture.views.keys.account(poisoned));
    insertDeposit(poisoned, 3, 50, 100);
    fixture.deposit(healthy, 7);
    Checkpoint head = fixture.head();

    eventually(() -> assertThat(Checkpoint.parse(fixture.views.checkpoint())).isEqualTo(head));
    assertThat(fixture.views.account(healthy)).isEqualTo(fixture.expectedView(healthy));
    assertThat(fixture.views.hash(fixture.views.keys.account(poisoned))).containsKey(ViewFields.DEGRADED)
        .containsEntry(ViewFields.HELD_THROUGH, "3");
  }

  /**
   * A view rebuilt past an event by a release that reads it, replayed by an older release that
   * does not: the older release skipped the account's later events, though the view needed
   * them, and passed them with its checkpoint.
   */
  @Test
  void events_after_an_unreadable_one_apply_when_the_view_is_already_past_it() {
    AccountId poisoned = account("poisoned-past");
    fixture.open(poisoned, "USD");
    fixture.start();
    insertFromANewerRelease(poisoned, 2);
    insertDeposit(poisoned, 3, 50, 100);
    eventually(() -> assertThat(fixture.views.hash(fixture.views.keys.account(poisoned)))
        .containsEntry(ViewFields.HELD_THROUGH, "3"));
    deployTheReleaseThatReads(poisoned, 2);
    await(new AccountRebuild(fixture.redis, fixture.store, fixture.views.keys, ViewScripts.load()).rebuild(poisoned));
    fixture.stopProjections();

    rollBackToTheOlderRelease(poisoned, 2);
    insertDeposit(poisoned, 4, 50, 150);
    fixture.views.setCheckpoint(Checkpoint.START);
    fixture.start();

    eventually(() -> assertThat(fixture.views.hash(fixture.views.keys.account(poisoned)))
        .containsEntry(ViewFields.VERSION, "4").containsEntry(ViewFields.BALANCE, "150")
        .doesNotContainKey(ViewFields.DEGRADED));
  }

  @Test
  void a_rebuild_never_replaces_a_view_with_one_older_than_what_the_projection_applied_or_held_back() {
    String key = fixture.views.keys.account(account("raced"));
    String script = ViewScripts.load().rebuild();
    await(fixture.redis.send(Request.cmd(Command.HSET).arg(key).arg(ViewFields.VERSION).arg(2)
        .arg(ViewFields.DEGRADED).arg("version 3: ...").arg(ViewFields.HELD_THROUGH).arg(5)));

    assertThat(rebuildScript(script, key, 4).toInteger()).as("held back through 5, rebuilt through 4").isZero();
    assertThat(rebuildScript(script, key, 5).toInteger()).isEqualTo(1);
    assertThat(rebuildScript(script, key, 4).toInteger()).as("the view is at 5 now").isZero();
    assertThat(fixture.views.hash(key)).containsOnlyKeys(ViewFields.VERSION).containsEntry(ViewFields.VERSION, "5");
  }

  private static void rollBackToTheOlderRelease(AccountId id, long version) {
    await(fixture.pool.withTransaction(sql -> sql.query("ALTER TABLE ledger.events DISABLE TRIGGER events_append_only")
        .execute()
        .compose(off -> sql.preparedQuery("UPDATE ledger.events SET schema_version = 99"
            + " WHERE stream_id = $1 AND stream_version = $2").execute(Tuple.of(id.value(), version)))
        .compose(updated -> sql.query("ALTER TABLE ledger.events ENABLE TRIGGER events_append_only").execute())));
  }

  private static io.vertx.redis.client.Response rebuildScript(String script, String key, long version) {
    return await(fixture.redis.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg(key).arg(version)
        .arg(ViewFields.VERSION).arg(version)));
  }

  private static java.util.List<String> degradedIndex() {
    return await(fixture.redis.send(Request.cmd(Command.SMEMBERS).arg(fixture.views.keys.degraded())))
        .stream().map(Object::toString).toList();
  }

  /** A deposit of 50 as a newer release writes it: schema version 99, which this release does not know. */
  /** Issue 8: the live tail logs every unreadable event it meets, with what to do; a full rebuild said nothing. */
  @Test
  void a_full_rebuild_logs_the_unreadable_events_it_meets() {
    // a prefix of its own: the rebuild makes generation 1 live, and the other tests read generation 0's keys
    fixture.freshPrefix();
    AccountId poisoned = account("poisoned-in-rebuild");
    fixture.open(poisoned, "USD");
    RunningProjection projection = fixture.start();
    insertFromANewerRelease(poisoned, 2);
    Checkpoint head = fixture.head();
    eventually(() -> assertThat(Checkpoint.parse(fixture.views.checkpoint())).isEqualTo(head));
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger(Projector.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      await(projection.verticle.rebuilds().rebuild(progress -> { }));
    } finally {
      logger.detachAppender(logged);
      fixture.freshPrefix();
    }

    assertThat(logged.list).filteredOn(line -> line.getLevel() == ch.qos.logback.classic.Level.ERROR)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).contains("account poisoned-in-rebuild at version 2 cannot be read")
            .contains("./ledger rebuild --account poisoned-in-rebuild"));
  }

  private static void insertFromANewerRelease(AccountId id, long version) {
    insert(id, version, 99, "{\"amount_minor\": 50, \"currency\": \"USD\", \"reference\": \"\","
        + " \"balance_after_minor\": 150, \"added_in_v99\": true}");
  }

  private static void insertDeposit(AccountId id, long version, long amount, long balanceAfter) {
    insert(id, version, 1, "{\"amount_minor\": " + amount + ", \"currency\": \"USD\", \"reference\": \"\","
        + " \"balance_after_minor\": " + balanceAfter + "}");
  }

  private static void insert(AccountId id, long version, int schemaVersion, String payload) {
    await(fixture.pool.preparedQuery("INSERT INTO ledger.events (stream_id, stream_version, event_type,"
            + " schema_version, payload, metadata) VALUES ($1, $2, 'MoneyDeposited', $3, $4::text::jsonb, '{}')")
        .execute(Tuple.of(id.value(), version, schemaVersion, payload)));
    fixture.notifyCommit();
  }

  /** As if the release that reads schema 99 were deployed: the row now reads as this release's deposit. */
  private static void deployTheReleaseThatReads(AccountId id, long version) {
    await(fixture.pool.withTransaction(sql -> sql.query("ALTER TABLE ledger.events DISABLE TRIGGER events_append_only")
        .execute()
        .compose(off -> sql.preparedQuery("UPDATE ledger.events SET schema_version = 1, payload = payload - 'added_in_v99'"
            + " WHERE stream_id = $1 AND stream_version = $2").execute(Tuple.of(id.value(), version)))
        .compose(updated -> sql.query("ALTER TABLE ledger.events ENABLE TRIGGER events_append_only").execute())));
  }
}
