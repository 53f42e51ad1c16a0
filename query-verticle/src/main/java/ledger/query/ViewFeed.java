package ledger.query;

import java.util.UUID;
import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import ledger.readmodel.FeedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projection's announcements, on one subscribed Redis connection per process. Redis
 * does not reconnect subscribers; this does, and tells its owner after every
 * (re)subscribe, since whatever was published meanwhile is gone. A connection that goes
 * silent without closing (a dropped route) is found by PINGing it ({@link FeedLiveness})
 * and replaced like a closed one.
 */
final class ViewFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ViewFeed.class);

  private final Vertx vertx;
  private final Redis redis;
  private final String channel;
  private final Consumer<FeedMessage> onMessage;
  private final java.util.function.BooleanSupplier listening;
  private final Runnable onSubscribed;
  private final Runnable onLost;
  private final FeedLiveness liveness;
  /** This process's own heartbeat channel: the subscription listens to it beside the feed. */
  private final String heartbeatChannel;
  private RedisConnection connection;
  private FeedPing ping;
  private boolean closed;
  private boolean reconnecting;

  /**
   * {@code listening} says whether anyone waits on announcements right now; while nobody
   * does, messages are not even decoded, switches of the live generation aside. Safe, because a
   * waiter or stream registers before it reads the view, so what it would have heard, it reads. {@code onLost} runs as soon
   * as the subscription is gone, {@code onSubscribed} each time Redis confirms a (re)subscribe.
   */
  ViewFeed(Vertx vertx, Redis redis, String channel, Consumer<FeedMessage> onMessage,
           java.util.function.BooleanSupplier listening, Runnable onSubscribed, Runnable onLost,
           FeedLiveness liveness) {
    this.vertx = vertx;
    this.redis = redis;
    this.channel = channel;
    this.onMessage = onMessage;
    this.listening = listening;
    this.onSubscribed = onSubscribed;
    this.onLost = onLost;
    this.liveness = liveness;
    this.heartbeatChannel = channel + ":heartbeat:" + UUID.randomUUID();
  }

  Future<Void> open() {
    return redis.connect().compose(conn -> {
      connection = conn;
      conn.handler(this::receive);
      conn.exceptionHandler(failure -> LOG.debug("Feed connection failed", failure));
      // A connection already given up on (its subscribe failed) ends without a second reconnect.
      conn.endHandler(ended -> {
        if (conn == connection) {
          reconnectLater();
        }
      });
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel).arg(heartbeatChannel))
          .onSuccess(sent -> watch(conn))
          .onFailure(failed -> conn.close());
    }).mapEmpty();
  }

  private void watch(RedisConnection conn) {
    if (closed || conn != connection) {
      return;
    }
    stopPing();
    ping = new FeedPing(vertx, liveness,
        () -> redis.send(Request.cmd(Command.PUBLISH).arg(heartbeatChannel).arg("")), () -> {
      if (conn == connection) {
        LOG.warn("Nothing reached the Redis feed subscription within {} ms, not even its heartbeat;"
            + " subscribing again", liveness.timeout().toMillis());
        reconnectLater();
        conn.close();
      }
    });
  }

  private void stopPing() {
    if (ping != null) {
      ping.stop();
      ping = null;
    }
  }

  private void receive(Response push) {
    if (ping != null && push != null) {
      ping.heard();
    }
    if (isConfirmation(push)) {
      onSubscribed.run();
    } else if (ViewReader.isMessage(push)) {
      if (channel.equals(push.get(1).toString()) && (listening.getAsBoolean() || isSwitch(push))) {
        decode(push);
      }
    } else if (push != null && push.type() == ResponseType.ERROR) {
      // Say so, or a refused subscription (an ACL, say) would leave the cache suspended unexplained.
      LOG.warn("Redis refused the feed subscription to {}: {}", channel, push);
    }
  }

  /**
   * A switch of the live generation is taken in even while nobody listens: a process without a
   * cache that missed it would read the old generation until it is removed, then replay every
   * read from the store. Only a switch carries this field (FeedMessage#encode).
   */
  private static boolean isSwitch(Response push) {
    return push.get(2).toString().contains("\"generation\":");
  }

  private void decode(Response push) {
    try {
      onMessage.accept(FeedMessage.decode(push.get(2).toString()));
    } catch (RuntimeException e) {
      LOG.warn("Ignoring an unreadable feed message: {}", e.toString());
    }
  }

  // The client completes SUBSCRIBE once it is written; only Redis's confirmation says that
  // announcements reach us from now on, so views read before it may miss one.
  private boolean isConfirmation(Response push) {
    return push != null && push.size() == 3 && "subscribe".equals(push.get(0).toString())
        && channel.equals(push.get(1).toString());
  }

  private void reconnectLater() {
    connection = null;
    stopPing();
    onLost.run();
    if (closed || reconnecting) {
      return;
    }
    reconnecting = true;
    LOG.warn("Lost the Redis feed subscription; resubscribing");
    vertx.setTimer(250, retry -> {
      reconnecting = false;
      open().onFailure(failure -> reconnectLater());
    });
  }

  Future<Void> close() {
    closed = true;
    stopPing();
    RedisConnection conn = connection;
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
