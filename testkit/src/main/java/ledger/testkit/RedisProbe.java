package ledger.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * The test JVM's Redis server as a whole, seen from outside any role: its pub/sub
 * subscribers, how many views it has been asked for, and the fault of dropping every
 * subscriber at once, as a network blip or a failover would.
 */
public final class RedisProbe implements AutoCloseable {

  private static final Pattern HGETALL_CALLS = Pattern.compile("cmdstat_hgetall:calls=(\\d+)");

  private final Redis redis;

  public RedisProbe(Vertx vertx) {
    this.redis = Redis.createClient(vertx, TestInfra.redisOptions());
  }

  /** How many connections are subscribed to {@code channel} right now. */
  public long subscribers(String channel) {
    return Waits.await(redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel))).get(1).toLong();
  }

  /** How many HGETALLs (view reads) the server has answered since it started, to every client. */
  public long viewReads() {
    String stats = Waits.await(redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
    Matcher calls = HGETALL_CALLS.matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** Drops every pub/sub connection on the server; returns how many there were. */
  public long killSubscribers() {
    return Waits.await(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"))).toLong();
  }

  @Override
  public void close() {
    Waits.await(redis.close());
  }
}
