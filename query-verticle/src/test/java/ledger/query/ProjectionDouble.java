package ledger.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewFields;
import ledger.readmodel.ViewKeys;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;

/**
 * Plays the projection against real Redis, with the storage contract's layout: the
 * account hash (HSET, fields per {@link ViewFields}), the checkpoint key, and one
 * {@link FeedMessage} PUBLISHed per applied batch.
 */
final class ProjectionDouble implements AutoCloseable {

  private static final Instant EPOCH_OF_TESTS = Instant.parse("2024-05-01T12:00:00.123456Z");

  private static final Pattern HGETALL_CALLS = Pattern.compile("cmdstat_hgetall:calls=(\\d+)");

  private final ViewKeys keys;
  private final Redis redis;

  ProjectionDouble(Vertx vertx, String keyPrefix) {
    this.keys = new ViewKeys(keyPrefix);
    this.redis = Redis.createClient(vertx, TestInfra.redisOptions());
  }

  /** An open USD account after {@code version} events, each a deposit of 10.00. */
  static AccountView accountAt(String account, long version) {
    return new AccountView(AccountId.of(account), version * 1_000, "USD", AccountStatus.OPEN, 0, version,
        version * 10, EPOCH_OF_TESTS.plusSeconds(version));
  }

  /** What the projection does for one batch: write the views, move the checkpoint, announce. Returns receivers. */
  long apply(Checkpoint checkpoint, AccountView... views) {
    for (AccountView view : views) {
      store(view);
    }
    storeCheckpoint(checkpoint);
    return announce(checkpoint, views);
  }

  /**
   * {@link #apply} without waiting, for many batches at once. Their checkpoint writes may land
   * in any order, so use it only where reads wait on account versions, not on the checkpoint.
   */
  Future<Long> applyAsync(Checkpoint checkpoint, AccountView... views) {
    List<Future<?>> writes = new ArrayList<>();
    for (AccountView view : views) {
      writes.add(redis.send(hset(view)));
    }
    writes.add(redis.send(Request.cmd(Command.SET).arg(keys.checkpoint()).arg(checkpoint.encode())));
    return Future.all(writes).compose(written -> redis.send(publish(checkpoint, views))).map(n -> n.toLong());
  }

  void store(AccountView view) {
    Blocking.await(redis.send(hset(view)));
  }

  void storeCheckpoint(Checkpoint checkpoint) {
    Blocking.await(redis.send(Request.cmd(Command.SET).arg(keys.checkpoint()).arg(checkpoint.encode())));
  }

  /** PUBLISHes a feed message; returns how many subscribers received it. */
  long announce(Checkpoint checkpoint, AccountView... views) {
    return Blocking.await(redis.send(publish(checkpoint, views))).toLong();
  }

  /** How many connections are subscribed to the feed channel right now. */
  long feedSubscribers() {
    return Blocking.await(redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(keys.feedChannel())))
        .get(1).toLong();
  }

  /** How many HGETALLs (view reads) the Redis server has answered since it started, from every client. */
  long viewReads() {
    String stats = Blocking.await(redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
    Matcher calls = HGETALL_CALLS.matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** Drops every pub/sub connection on the server, as a network blip or a Redis failover would. */
  long killFeedSubscribers() {
    return Blocking.await(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"))).toLong();
  }

  private Request hset(AccountView view) {
    return Request.cmd(Command.HSET).arg(keys.account(view.accountId()))
        .arg(ViewFields.VERSION).arg(view.version())
        .arg(ViewFields.BALANCE).arg(view.balanceMinor())
        .arg(ViewFields.CURRENCY).arg(view.currency())
        .arg(ViewFields.STATUS).arg(view.status().name())
        .arg(ViewFields.OVERDRAFT_LIMIT).arg(view.overdraftLimitMinor())
        .arg(ViewFields.GLOBAL_POSITION).arg(view.globalPosition())
        .arg(ViewFields.UPDATED_AT_MICROS).arg(AccountView.toMicros(view.updatedAt()));
  }

  private Request publish(Checkpoint checkpoint, AccountView... views) {
    return Request.cmd(Command.PUBLISH).arg(keys.feedChannel()).arg(FeedMessage.ofStates(checkpoint, List.of(views)).encode());
  }

  @Override
  public void close() {
    redis.close();
  }
}
