package ledger.query;

import static ledger.testkit.Waits.await;

import java.util.List;
import java.util.function.Predicate;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.Generations;
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewFields;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import ledger.testkit.TestInfra;

/**
 * The projection, stepped by hand. A step reads the next events after its checkpoint from
 * the store in commit order (the real {@link EventTail}) and writes them into the views with
 * the real {@link ViewWriter}, so every view is what the projection would write. The test
 * chooses when a step happens, how many events it takes, and whether it is announced: the
 * step moves the checkpoint and PUBLISHes the writer's own feed message itself, so that a
 * test can hold the announcement back or learn how many subscribers heard it.
 */
final class ManualProjection implements AutoCloseable {

  private final Pool pool;
  private final Redis redis;
  private final ViewKeys keys;
  private final EventTail tail;
  private final ViewWriter writer;
  private final Generations generations;
  /** The accounts whose events this projection writes: its partition's. */
  private final Predicate<AccountId> holds;
  private Checkpoint checkpoint = Checkpoint.START;

  ManualProjection(Vertx vertx, PgConnectOptions database, String keyPrefix) {
    this(vertx, database, Partitioning.single(keyPrefix), 0);
  }

  /**
   * The writer of one partition: it writes the views of that partition's accounts under its keys,
   * and its checkpoint moves over every event it reads, as the projection's partitions do.
   */
  ManualProjection(Vertx vertx, PgConnectOptions database, Partitioning partitioning, int partition) {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database).using(vertx).build();
    redis = Redis.createClient(vertx, TestInfra.redisOptions());
    keys = partitioning.keys(partition);
    holds = account -> partitioning.of(account) == partition;
    tail = new EventTail(pool);
    writer = new ViewWriter(redis, new PgEventStore(pool), keys, ViewScripts.load());
    await(writer.loadScripts());
    generations = new Generations(redis, keys, ViewScripts.load());
  }

  /** Projects every event not yet projected as one batch; returns how many subscribers heard the announcement. */
  long project() {
    return project(Integer.MAX_VALUE);
  }

  /** Projects the next {@code events} events at most, as one batch; returns how many subscribers heard it. */
  long project(int events) {
    return announce(step(events));
  }

  /** Projects and announces whatever is not projected yet, if anything. */
  void catchUp() {
    if (!await(tail.readAfter(checkpoint, 1)).isEmpty()) {
      project();
    }
  }

  /**
   * Projects every event not yet projected, views and checkpoint, and announces nothing: only
   * Redis knows. Returns the announcement held back, for {@link #announce} to send later or never.
   */
  FeedMessage projectQuietly() {
    return step(Integer.MAX_VALUE);
  }

  /**
   * What a writer that dies between its views and its checkpoint leaves behind: the next
   * {@code events} events written into the views; the checkpoint and the feed untouched, so
   * the next step replays them over views already past them.
   */
  void projectThenDieBeforeCheckpoint(int events) {
    await(writer.apply(held(await(tail.readAfter(checkpoint, events)))));
  }

  /** PUBLISHes the announcement on the feed; returns how many subscribers heard it. */
  long announce(FeedMessage announcement) {
    return await(redis.send(Request.cmd(Command.PUBLISH).arg(keys.feedChannel()).arg(announcement.encode())))
        .toLong();
  }

  /** Deletes the account's view hash, as an operator's DEL or a lost key would; nothing is announced. */
  void loseView(String account) {
    await(redis.send(Request.cmd(Command.DEL).arg(keys.account(AccountId.of(account)))));
  }

  /** Deletes every key of this prefix (views and checkpoint), as a flush would; nothing is announced. */
  void loseEverything() {
    String cursor = "0";
    do {
      Response page = await(redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(keys.prefix() + "*")
          .arg("COUNT").arg(1_000)));
      cursor = page.get(0).toString();
      for (Response key : page.get(1)) {
        await(redis.send(Request.cmd(Command.DEL).arg(key.toString())));
      }
    } while (!cursor.equals("0"));
  }

  /**
   * What a full rebuild's switch does: the generation after the live one becomes live, announced
   * on the feed; {@code view} is written into it first (a view only that generation holds).
   * Returns its number.
   */
  long switchToNext(AccountView view) {
    long number = await(generations.live()) + 1;
    ViewKeys next = keys.at(number);
    plant(number, view);
    await(redis.send(Request.cmd(Command.SET).arg(next.checkpoint()).arg(checkpoint.encode())));
    await(redis.send(Request.cmd(Command.SET).arg(keys.liveGeneration()).arg(number)));
    announce(FeedMessage.switched(checkpoint, number));
    return number;
  }

  /** Writes {@code view} into generation {@code number}, announcing nothing: a view only that generation holds. */
  void plant(long number, AccountView view) {
    await(redis.send(Request.cmd(Command.HSET).arg(keys.at(number).account(view.accountId()))
        .arg(ViewFields.VERSION).arg(view.version()).arg(ViewFields.BALANCE).arg(view.balanceMinor())
        .arg(ViewFields.CURRENCY).arg(view.currency()).arg(ViewFields.STATUS).arg(view.status().name())
        .arg(ViewFields.OVERDRAFT_LIMIT).arg(view.overdraftLimitMinor())
        .arg(ViewFields.GLOBAL_POSITION).arg(view.globalPosition())
        .arg(ViewFields.UPDATED_AT_MICROS).arg(AccountView.toMicros(view.updatedAt()))));
  }

  /**
   * What a full rebuild does: the generation after the live one built from the store up to where
   * this projection stands, by the real writer, then made live by the real switch (switch.lua),
   * which announces it; returns its number. This projection goes on writing the generation it
   * wrote, as a writer that missed the switch does; {@link #catchUp(long)} writes the new one.
   */
  long rebuild() {
    long live = await(generations.live());
    long number = live + 1;
    ViewKeys next = keys.at(number);
    List<RecordedEvent> events = await(tail.readAfter(Checkpoint.START, Integer.MAX_VALUE)).stream()
        .filter(event -> event.checkpoint().compareTo(checkpoint) <= 0).toList();
    await(writerOf(next).apply(events));
    await(redis.send(Request.cmd(Command.SET).arg(next.checkpoint()).arg(checkpoint.encode())));
    if (!await(generations.switchTo(live, number, checkpoint))) {
      throw new AssertionError("generation " + live + " was no longer live");
    }
    return number;
  }

  /** Sets the balance of the account's view in generation 0, as a bug of an earlier release might have. */
  void damageBalance(String account, long balanceMinor) {
    await(redis.send(Request.cmd(Command.HSET).arg(keys.account(AccountId.of(account))).arg(ViewFields.BALANCE)
        .arg(balanceMinor)));
  }

  /**
   * The writer of generation {@code number}: every event after that generation's checkpoint
   * written into its views and announced as one batch naming it; returns how many subscribers heard it.
   */
  long catchUp(long number) {
    ViewKeys of = keys.at(number);
    Response stored = await(redis.send(Request.cmd(Command.GET).arg(of.checkpoint())));
    Checkpoint from = stored == null ? Checkpoint.START : Checkpoint.parse(stored.toString());
    List<RecordedEvent> batch = await(tail.readAfter(from, Integer.MAX_VALUE));
    if (batch.isEmpty()) {
      throw new AssertionError("nothing to project into generation " + number + " after " + from);
    }
    List<FeedMessage.Change> changes = await(writerOf(of).apply(batch));
    Checkpoint last = batch.get(batch.size() - 1).checkpoint();
    await(redis.send(Request.cmd(Command.SET).arg(of.checkpoint()).arg(last.encode())));
    return announce(new FeedMessage(last, changes).appliedTo(number));
  }

  private ViewWriter writerOf(ViewKeys of) {
    ViewWriter other = new ViewWriter(redis, new PgEventStore(pool), of, ViewScripts.load());
    await(other.loadScripts());
    return other;
  }

  String feedChannel() {
    return keys.feedChannel();
  }

  private FeedMessage step(int events) {
    List<RecordedEvent> batch = await(tail.readAfter(checkpoint, events));
    if (batch.isEmpty()) {
      throw new AssertionError("nothing to project after " + checkpoint);
    }
    List<FeedMessage.Change> changes = await(writer.apply(held(batch)));
    checkpoint = batch.get(batch.size() - 1).checkpoint();
    await(redis.send(Request.cmd(Command.SET).arg(keys.checkpoint()).arg(checkpoint.encode())));
    return new FeedMessage(checkpoint, changes);
  }

  private List<RecordedEvent> held(List<RecordedEvent> batch) {
    return batch.stream().filter(event -> holds.test(event.streamId())).toList();
  }

  @Override
  public void close() {
    await(redis.close());
    await(pool.close());
  }
}
