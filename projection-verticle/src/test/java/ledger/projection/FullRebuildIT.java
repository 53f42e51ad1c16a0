package ledger.projection;

import static ledger.projection.ProjectionFixture.account;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.ManagedChannel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.Generations;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import ledger.store.pg.EventTail;
import ledger.testkit.GrpcJava;
import ledger.testkit.LoopbackGrpc;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.testkit.VertxUnary;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full rebuild builds the next view generation beside the live one while writes go on,
 * switches to it atomically, removes the old one; an interrupted one is resumed by the next
 * writer, or started again when what it left is not this database's; only the writer runs one.
 */
class FullRebuildIT {

  @RegisterExtension
  static final ProjectionFixture fixture = ProjectionFixture.projectionsPerTest();

  @BeforeEach
  void freshViews() {
    fixture.freshPrefix();
  }

  @Test
  void a_rebuild_while_writes_go_on_switches_to_a_new_generation_equal_to_the_store_and_removes_the_old_one() {
    List<AccountId> ids = List.of(account("r-1"), account("r-2"), account("r-3"));
    RunningProjection writer = fixture.start();
    for (AccountId id : ids) {
      fixture.open(id, "USD");
      fixture.deposit(id, amounts(3_000));
    }
    eventually(fixture::assertViewsMatchStore);
    List<String> oldKeys = fixture.views.keysWithPrefix();
    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
      Future<RebuildProgress> done = writer.verticle.rebuilds().rebuild(progress::add);
      for (int i = 0; i < 20; i++) {
        fixture.deposit(ids.get(i % ids.size()), 7);
      }
      RebuildProgress end = await(done);

      assertThat(end.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
      assertThat(end.getGeneration()).isEqualTo(1);
      assertThat(end.getEventsReplayed()).isGreaterThanOrEqualTo(9_003);
      assertThat(progress).extracting(RebuildProgress::getPhase).contains(RebuildProgress.Phase.CATCHING_UP,
          RebuildProgress.Phase.SWITCHED, RebuildProgress.Phase.DONE);
      assertThat(fixture.views.live().generation()).isEqualTo(1);
      eventually(() -> assertThat(feed.messages()).filteredOn(FeedMessage::isSwitch)
          .extracting(FeedMessage::switchedTo).containsExactly(1L));
    }
    fixture.deposit(ids.get(0), 5);
    eventually(fixture::assertViewsMatchStore);
    List<String> keys = fixture.views.keysWithPrefix();
    assertThat(keys).as("no key of generation 0 is left").doesNotContainAnyElementsOf(oldKeys);
    assertThat(keys).contains(fixture.views.keys.at(1).checkpoint(), fixture.views.keys.liveGeneration())
        .doesNotContain(fixture.views.keys.rebuilding());

    RebuildProgress again = await(writer.verticle.rebuilds().rebuild(p -> { }));
    assertThat(again.getGeneration()).isEqualTo(2);
    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.keysWithPrefix()).noneMatch(key -> key.startsWith(fixture.views.keys.prefix() + "g1:"));
  }

  @Test
  void a_writer_that_takes_over_resumes_an_interrupted_rebuild_from_where_it_stopped() {
    AccountId id = account("resumed");
    fixture.open(id, "EUR");
    fixture.deposit(id, amounts(2_000));
    fixture.deposit(id, amounts(1_000));
    RunningProjection killed = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    killed.stop();
    // What a writer killed halfway leaves: the marker, and generation 1 up to a checkpoint.
    ViewKeys next = fixture.views.keys.at(1);
    List<RecordedEvent> events = await(new EventTail(fixture.pool).readAfter(Checkpoint.START, 2_001));
    ViewWriter half = fixture.writer(next);
    await(half.apply(events));
    Checkpoint stoppedAt = events.get(events.size() - 1).checkpoint();
    await(half.commit(fixture.origin(), "", stoppedAt, List.of()));
    long left = fixture.eventsAfter(stoppedAt);
    await(fixture.redis.send(Request.cmd(Command.SET).arg(fixture.views.keys.rebuilding()).arg(1)));

    RunningProjection writer = fixture.start();
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
    RebuildProgress end = await(writer.verticle.rebuilds().rebuild(progress::add));

    assertThat(end.getGeneration()).isEqualTo(1);
    assertThat(end.getResumed()).isTrue();
    assertThat(end.getEventsReplayed()).as("only what the interrupted run had not replayed").isEqualTo(left)
        .isLessThan(events.size() + left);
    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.live().generation()).isEqualTo(1);
  }

  @Test
  void a_writer_stopped_mid_rebuild_leaves_it_to_the_next_writer_which_finishes_it() throws Exception {
    AccountId id = account("stopped-mid-way");
    fixture.open(id, "USD");
    for (int i = 0; i < 16; i++) {
      fixture.deposit(id, amounts(5_000));
    }
    RunningProjection first = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    List<String> oldKeys = fixture.views.keysWithPrefix();
    CompletableFuture<RebuildProgress> firstBatch = new CompletableFuture<>();
    Future<RebuildProgress> interrupted = first.verticle.rebuilds().rebuild(p -> {
      if (p.getEventsReplayed() > 0) {
        firstBatch.complete(p);
      }
    });
    // stopped after its first batch, some 15 batches before it could switch
    assertThat(firstBatch.get(30, TimeUnit.SECONDS).getPhase()).isEqualTo(RebuildProgress.Phase.REPLAYING);
    first.stop();
    assertThat(interrupted.isComplete() && interrupted.succeeded()).as("the rebuild ended with its writer").isFalse();
    assertThat(marker()).as("the marker a stopped rebuild leaves").isEqualTo("1");

    fixture.start();

    eventually(() -> {
      assertThat(fixture.views.live().generation()).isEqualTo(1);
      assertThat(marker()).isNull();
    });
    eventually(fixture::assertViewsMatchStore);
    eventually(() -> assertThat(fixture.views.keysWithPrefix()).doesNotContainAnyElementsOf(oldKeys));
  }

  /**
   * Regression: a tail read that got no answer replaced the tail's connections
   * (RenewablePool), which failed the rebuild's read in flight, and with it the rebuild: asked
   * again, it started from the start.
   */
  @Test
  void a_rebuild_goes_on_when_the_tail_connections_are_replaced_under_its_read() {
    AccountId id = account("renewed-under-rebuild");
    fixture.open(id, "USD");
    fixture.deposit(id, amounts(100));
    TcpRelay relay = fixture.relayToDatabase();
    RunningProjection writer = fixture.startThrough(relay, fixture.config());
    eventually(fixture::assertViewsMatchStore);
    // Until the tail's connections are replaced, no tail read is answered: the rebuild's first
    // read waits, the live tail's read gets no answer, and that replaces them. The reads on the
    // new connections flow.
    relay.holdRepliesTo(data -> writer.verticle.tailPoolRenewals() == 0
        && data.toString(StandardCharsets.UTF_8).contains("ORDER BY events.transaction_id"));

    Future<RebuildProgress> done = writer.verticle.rebuilds().rebuild(p -> { });
    RebuildProgress end = await(done, Duration.ofSeconds(60));

    assertThat(writer.verticle.tailPoolRenewals()).as("the tail's connections were replaced").isEqualTo(1);
    assertThat(end.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
    assertThat(end.getGeneration()).isEqualTo(1);
    assertThat(end.getEventsReplayed()).isGreaterThanOrEqualTo(101);
    assertThat(writer.observer.leadership).as("the writer kept its lock").containsExactly(true);
    eventually(fixture::assertViewsMatchStore);
  }

  @Test
  void a_writer_that_starts_again_during_its_own_rebuild_resumes_it_rather_than_follow_the_stopped_run()
      throws Exception {
    AccountId id = account("started-again");
    fixture.open(id, "USD");
    for (int i = 0; i < 16; i++) {
      fixture.deposit(id, amounts(5_000));
    }
    RunningProjection writer = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    Rebuilds rebuilds = (Rebuilds) writer.verticle.rebuilds();
    CompletableFuture<RebuildProgress> firstBatch = new CompletableFuture<>();
    Future<RebuildProgress> stopped = rebuilds.rebuild(p -> {
      if (p.getEventsReplayed() > 0 && firstBatch.complete(p)) {
        // After its first batch, on the writer's event loop: the writer starts again (a new term),
        // as it does when it lost and took back its lock; the rebuild of the earlier term stops.
        // (It waited for a changed origin to be noticed, which a quiet machine's rebuild, some
        // 0.4 s, could outrun: it then switched, and nothing started again.)
        rebuilds.projector().stop();
        rebuilds.projector().start();
      }
    });
    firstBatch.get(30, TimeUnit.SECONDS);

    eventually(() -> assertThat(stopped.failed()).isTrue());
    eventually(Duration.ofSeconds(30), () -> {
      assertThat(fixture.views.live().generation()).isEqualTo(1);
      assertThat(marker()).isNull();
    });
    eventually(fixture::assertViewsMatchStore);
    assertThat(writer.isActive()).isTrue();
  }

  private static String marker() {
    io.vertx.redis.client.Response value = await(fixture.redis.send(Request.cmd(Command.GET)
        .arg(fixture.views.keys.rebuilding())));
    return value == null ? null : value.toString();
  }

  @Test
  void an_interrupted_rebuild_of_another_database_is_started_again_from_the_start() {
    AccountId id = account("restarted");
    fixture.open(id, "EUR");
    fixture.deposit(id, 10, 20, 30);
    // a rebuild switches where the live generation stands: let it stand at the head first
    RunningProjection before = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    before.stop();
    ViewKeys next = fixture.views.keys.at(1);
    await(fixture.redis.send(Request.cmd(Command.HSET).arg(next.account(id)).arg("version").arg(99)
        .arg("balance").arg(-1)));
    await(fixture.redis.send(Request.cmd(Command.SET).arg(next.checkpoint()).arg("999999:999999")));
    await(fixture.redis.send(Request.cmd(Command.SET).arg(next.origin()).arg("another/database")));
    await(fixture.redis.send(Request.cmd(Command.SET).arg(fixture.views.keys.rebuilding()).arg(1)));

    RunningProjection writer = fixture.start();
    RebuildProgress end = await(writer.verticle.rebuilds().rebuild(p -> { }));

    assertThat(end.getGeneration()).isEqualTo(1);
    assertThat(end.getEventsReplayed()).as("every event of the store, from its start").isEqualTo(
        fixture.eventsAfter(Checkpoint.START));
    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.origin()).isEqualTo(fixture.origin().encode());
  }

  /**
   * A rebuild interrupted, then PostgreSQL failed over to a replica that lacked its last
   * transactions (same identity): resuming from the checkpoint it left skipped the events the
   * replica wrote with those transaction ids again, and the switch made the gap live.
   */
  @Test
  void an_interrupted_rebuild_whose_checkpoint_this_history_does_not_hold_is_started_again() {
    AccountId id = account("rewound-rebuild");
    fixture.open(id, "EUR");
    fixture.deposit(id, 10, 20, 30);
    RunningProjection before = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    before.stop();
    ViewKeys next = fixture.views.keys.at(1);
    long nextTransaction = await(new EventTail(fixture.pool).nextTransactionId());
    await(fixture.writer(next).commit(fixture.origin(), "", new Checkpoint(nextTransaction + 2, 1_000_000),
        List.of()));
    await(fixture.redis.send(Request.cmd(Command.SET).arg(fixture.views.keys.rebuilding()).arg(1)));
    for (int i = 0; i < 5; i++) {
      fixture.deposit(id, 1);
    }

    RunningProjection writer = fixture.start();
    RebuildProgress end = await(writer.verticle.rebuilds().rebuild(p -> { }));

    assertThat(end.getGeneration()).isEqualTo(1);
    assertThat(end.getEventsReplayed()).as("every event of the store, from its start").isEqualTo(
        fixture.eventsAfter(Checkpoint.START));
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * A flush after a rebuild lost the record of which generation is live: a writer taking over
   * went back to generation 0 while readers kept following the rebuilt one.
   */
  @Test
  void the_live_generation_is_recorded_again_when_redis_loses_it() {
    AccountId id = account("flushed-generation");
    fixture.open(id, "USD");
    fixture.deposit(id, 5);
    RunningProjection writer = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    await(writer.verticle.rebuilds().rebuild(p -> { }));
    assertThat(fixture.views.live().generation()).isEqualTo(1);

    fixture.views.deleteEveryKeyWithPrefix();

    eventually(() -> assertThat(fixture.views.live().generation()).isEqualTo(1));
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * Issue 8 (b) and (c): a switch that lands after the writer started writing the old generation
   * again (its lock lost and taken back while the switch was in flight, or a stalled writer whose
   * switch lands after a standby took over). Readers follow the switch; the writer went on with
   * the old generation, so the live one never moved again and commit-point reads woken by the old
   * generation's announcements read its frozen views. The switch is made here by hand, at the
   * moment that race makes it: while the writer writes generation 0.
   */
  @Test
  void a_writer_that_a_late_switch_left_on_the_old_generation_moves_to_the_live_one() {
    AccountId id = account("late-switch");
    fixture.open(id, "USD");
    fixture.deposit(id, 10, 20);
    RunningProjection writer = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    List<String> oldKeys = fixture.views.keysWithPrefix();
    Checkpoint at = builtByHand(1);

    try (FeedRecorder feed = fixture.views.subscribeToFeed()) {
      assertThat(await(generations().switchTo(0, 1, at))).isTrue();

      // idle: the writer notices at its next confirmation, starts again on generation 1, removes 0
      eventually(() -> {
        assertThat(fixture.views.keysWithPrefix()).doesNotContainAnyElementsOf(oldKeys);
        assertThat(retired()).isEmpty();
      });
      fixture.deposit(id, 5);
      eventually(fixture::assertViewsMatchStore);
      eventually(() -> assertThat(feed.messages()).filteredOn(m -> !m.isSwitch()).last()
          .satisfies(batch -> {
            assertThat(batch.generation()).as("the batch names the generation it was applied to").isEqualTo(1);
            assertThat(batch.checkpoint()).isEqualTo(fixture.head());
          }));
    }
    assertThat(writer.isActive()).isTrue();
  }

  /** Issue 8: a writer that died right after its switch left the old generation's keys for good. */
  @Test
  void the_next_writer_removes_the_generation_a_switch_retired_when_its_writer_died_before_removing_it() {
    AccountId id = account("retired-left-behind");
    fixture.open(id, "EUR");
    fixture.deposit(id, 3, 4);
    RunningProjection died = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    died.stop();
    List<String> oldKeys = fixture.views.keysWithPrefix();
    Checkpoint at = builtByHand(1);
    // the switch, and the writer gone before removing generation 0
    assertThat(await(generations().switchTo(0, 1, at))).isTrue();
    assertThat(retired()).containsExactly("0");

    fixture.start();

    eventually(() -> {
      assertThat(fixture.views.keysWithPrefix()).doesNotContainAnyElementsOf(oldKeys);
      assertThat(retired()).isEmpty();
    });
    fixture.deposit(id, 5);
    eventually(fixture::assertViewsMatchStore);
    assertThat(fixture.views.live().generation()).isEqualTo(1);
  }

  /**
   * Issue 8: a rebuild whose generation stood ahead of the live one (the live one went back, here
   * to an older checkpoint) paused the live projection every 50 ms until it passed it, announcing
   * CATCHING_UP each time, instead of waiting for it once.
   */
  @Test
  void a_rebuild_ahead_of_the_live_generation_waits_for_it_without_pausing_it_again_and_again() {
    AccountId id = account("ahead");
    fixture.open(id, "USD");
    fixture.deposit(id, amounts(4_000));
    RunningProjection before = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    before.stop();
    builtByHand(1);
    await(fixture.redis.send(Request.cmd(Command.SET).arg(fixture.views.keys.rebuilding()).arg(1)));
    // the live generation goes back to its first event: it has some 4,000 events to replay
    fixture.views.setCheckpoint(fixture.stream(id).get(0).checkpoint());

    RunningProjection writer = fixture.start(fixture.config(20));
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
    RebuildProgress end = await(writer.verticle.rebuilds().rebuild(progress::add));

    assertThat(end.getGeneration()).isEqualTo(1);
    assertThat(progress).filteredOn(p -> p.getPhase() == RebuildProgress.Phase.CATCHING_UP)
        .as("the live generation paused once, to switch").hasSize(1);
    eventually(fixture::assertViewsMatchStore);
  }

  /**
   * Issue 8: the new generation's checkpoint lost while the live one was paused to catch up made
   * the catch-up a replay of the whole store, with the live projection paused all along. The
   * moment is chosen: when the rebuild says CATCHING_UP (on the writer's event loop, just before it
   * pauses the live generation) the checkpoint goes and the live one is rung for a write it has not
   * seen (it polls only hourly here, and the write rang nobody), so the pause waits for that batch
   * and the catch-up has a step to take.
   */
  @Test
  void a_rebuild_whose_checkpoint_is_lost_during_the_catch_up_pause_resumes_the_live_generation_and_replays()
      throws Exception {
    AccountId id = account("lost-in-pause");
    fixture.open(id, "USD");
    fixture.deposit(id, amounts(300));
    ProjectionConfig base = fixture.config();
    RunningProjection writer = fixture.start(new ProjectionConfig(base.batchSize(), Duration.ofHours(1),
        base.lockRetry(), base.keyPrefix()));
    eventually(fixture::assertViewsMatchStore);
    fixture.ringAfterAppend = false;
    try {
      fixture.deposit(id, 1);
    } finally {
      fixture.ringAfterAppend = true;
    }
    Rebuilds rebuilds = (Rebuilds) writer.verticle.rebuilds();
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();

    RebuildProgress end = await(rebuilds.rebuild(report -> {
      progress.add(report);
      if (report.getPhase() == RebuildProgress.Phase.CATCHING_UP && progress.stream()
          .filter(p -> p.getPhase() == RebuildProgress.Phase.CATCHING_UP).count() == 1) {
        try {
          // blocks the writer's event loop for one round trip to Redis: that is the moment
          fixture.redis.send(Request.cmd(Command.DEL).arg(fixture.views.keys.at(1).checkpoint()))
              .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        rebuilds.projector().ring();
      }
    }));

    assertThat(end.getGeneration()).isEqualTo(1);
    assertThat(progress).filteredOn(p -> p.getPhase() == RebuildProgress.Phase.CATCHING_UP)
        .as("the live generation resumed, and paused again once the replay got back to it").hasSize(2);
    fixture.deposit(id, 1);
    eventually(fixture::assertViewsMatchStore);
  }

  /** Issue 8: every call that followed a rebuild stayed in its list of followers after it ended. */
  @Test
  void a_rebuild_that_ended_keeps_none_of_the_calls_that_followed_it() {
    fixture.open(account("followed"), "USD");
    RunningProjection writer = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    Rebuilds rebuilds = (Rebuilds) writer.verticle.rebuilds();

    await(rebuilds.rebuild(p -> { }));

    assertThat(rebuilds.followers()).isZero();
  }

  /** Generation {@code number} built by hand up to where the live one stands, as a rebuild would; its checkpoint. */
  private static Checkpoint builtByHand(long number) {
    ViewWriter next = fixture.writer(fixture.views.keys.at(number));
    List<RecordedEvent> events = await(new EventTail(fixture.pool).readAfter(Checkpoint.START, 100_000));
    await(next.apply(events));
    Checkpoint at = events.get(events.size() - 1).checkpoint();
    await(next.commitQuietly(fixture.origin(), "", at));
    return at;
  }

  private static Generations generations() {
    return new Generations(fixture.redis, fixture.views.keys, ViewScripts.load());
  }

  private static List<String> retired() {
    List<String> members = new java.util.ArrayList<>();
    await(fixture.redis.send(Request.cmd(Command.SMEMBERS).arg(fixture.views.keys.retired())))
        .forEach(member -> members.add(member.toString()));
    return members;
  }

  @Test
  void a_switch_asked_again_after_its_reply_was_lost_is_done_once() {
    Generations generations = new Generations(fixture.redis, fixture.views.keys, ViewScripts.load());
    Checkpoint covered = new Checkpoint(7, 7);

    assertThat(await(generations.switchTo(0, 1, covered))).isTrue();
    assertThat(await(generations.switchTo(0, 1, covered))).as("the same switch again").isTrue();
    assertThat(await(generations.switchTo(0, 2, covered))).as("from a generation no longer live").isFalse();
    assertThat(fixture.views.live().generation()).isEqualTo(1);
  }

  @Test
  void a_full_rebuild_asked_of_a_standby_is_built_by_the_writer_and_followed_to_its_switch() {
    fixture.open(account("standby"), "USD");
    RunningProjection writer = fixture.start();
    eventually(() -> assertThat(writer.isActive()).isTrue());
    RunningProjection standby = fixture.start();
    HttpServer server = LoopbackGrpc.serve(standby.vertx, standby.verticle.service());
    try (VertxUnary client = new VertxUnary(fixture.vertx, server.actualPort())) {
      Reply<RebuildProgress> end = await(client.call(AdminServiceGrpcClient.RebuildProjection,
          RebuildProjectionRequest.getDefaultInstance(), Duration.ofSeconds(30)));

      assertThat(end.ok()).as("%s", end).isTrue();
      assertThat(end.value().getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
      assertThat(end.value().getGeneration()).isEqualTo(1);
      assertThat(fixture.views.live().generation()).isEqualTo(1);
      assertThat(standby.isActive()).as("the standby only asked and followed").isFalse();
    } finally {
      await(server.close());
    }
    fixture.deposit(account("standby"), 5);
    eventually(fixture::assertViewsMatchStore);
  }

  @Test
  void a_caller_that_goes_away_stops_following_the_rebuild_not_the_rebuild() throws Exception {
    AccountId id = account("gone");
    fixture.open(id, "USD");
    fixture.deposit(id, amounts(3_000));
    RunningProjection writer = fixture.start();
    eventually(fixture::assertViewsMatchStore);
    RunningProjection standby = fixture.start();
    HttpServer server = LoopbackGrpc.serve(standby.vertx, standby.verticle.service());
    ManagedChannel channel = GrpcJava.channel(server.actualPort());
    try {
      io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
      Iterator<RebuildProgress> reports = call.call(() -> AdminServiceGrpc.newBlockingStub(channel)
          .rebuildProjection(RebuildProjectionRequest.getDefaultInstance()));
      assertThat(reports.next().getGeneration()).isEqualTo(1);
      call.cancel(null);

      eventually(() -> assertThat(fixture.views.live().generation()).isEqualTo(1));
      assertThat(writer.isActive()).isTrue();
    } finally {
      GrpcJava.close(channel);
      await(server.close());
    }
    fixture.deposit(id, 5);
    eventually(fixture::assertViewsMatchStore);
  }

  @Test
  void a_rebuild_asked_twice_at_once_marks_one_generation_and_a_stale_marker_gives_way_to_a_new_one() {
    Generations generations = generations();

    assertThat(await(generations.requestRebuild())).isEqualTo(1);
    assertThat(await(generations.requestRebuild())).as("asked again while it is marked").isEqualTo(1);
    assertThat(await(generations.switchTo(0, 1, new Checkpoint(7, 7)))).isTrue();
    // a marker left at the live generation names nothing to build
    await(fixture.redis.send(Request.cmd(Command.SET).arg(fixture.views.keys.rebuilding()).arg(1)));
    assertThat(await(generations.requestRebuild())).isEqualTo(2);
    assertThat(await(generations.state()).rebuilding()).isEqualTo(2);
  }

  private static long[] amounts(int count) {
    long[] amounts = new long[count];
    java.util.Arrays.fill(amounts, 1);
    return amounts;
  }
}
