package ledger.projection;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import ledger.store.pg.CommitNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that wakes the tail: NOTIFY from any writer process (re-LISTENed after
 * every reconnect, with a catch-up ring, since notifications sent meanwhile are lost),
 * the local event bus for writers in this process, and a timer for good measure.
 */
final class Doorbell {

  private static final Logger LOG = LoggerFactory.getLogger(Doorbell.class);

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final long pollMillis;
  private final Runnable ring;
  private MessageConsumer<Object> local;
  private long timer = -1;
  private boolean closed;

  Doorbell(Vertx vertx, PgConnectOptions options, long pollMillis, Runnable ring) {
    this.vertx = vertx;
    this.pollMillis = pollMillis;
    this.ring = ring;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(retries -> closed ? -1L : Math.min(1000L, 50L * (retries + 1)));
    subscriber.channel(CommitNotifier.CHANNEL)
        .subscribeHandler(subscribed -> ring.run())
        .handler(payload -> ring.run());
  }

  Future<Void> open() {
    local = vertx.eventBus().localConsumer(CommitNotifier.LOCAL_ADDRESS, message -> ring.run());
    timer = vertx.setPeriodic(pollMillis, tick -> ring.run());
    connect();
    return Future.succeededFuture();
  }

  /** The reconnect policy does not cover the first connect, so that one retries here. */
  private void connect() {
    subscriber.connect().onFailure(failure -> {
      if (!closed) {
        LOG.warn("LISTEN connection failed ({}); polling meanwhile, retrying in 1 s", failure.toString());
        vertx.setTimer(1000, retry -> connect());
      }
    });
  }

  Future<Void> close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Future<Void> unregistered = local == null ? Future.succeededFuture() : local.unregister();
    return unregistered.compose(done -> subscriber.close());
  }
}
