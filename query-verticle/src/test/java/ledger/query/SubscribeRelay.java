package ledger.query;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.redis.client.RedisOptions;
import ledger.testkit.TestInfra;

/**
 * A TCP relay in front of the test Redis that can hold a SUBSCRIBE back on its way, so a
 * test decides the moment Redis takes a subscription, after the client has sent it. Only
 * the connection that sends the SUBSCRIBE is held (from that command on, in order); every
 * other connection flows.
 */
final class SubscribeRelay implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final NetServer server;
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;

  SubscribeRelay() {
    server = Blocking.await(vertx.createNetServer().connectHandler(this::relay).listen(0, "127.0.0.1"));
  }

  /** Options that reach the test Redis through this relay. */
  RedisOptions redisOptions() {
    return TestInfra.redisOptions().setConnectionString("redis://127.0.0.1:" + server.actualPort());
  }

  /** From now on, a connection that sends SUBSCRIBE is held there until {@link #release()}. */
  synchronized void holdSubscribes() {
    holding = true;
  }

  synchronized boolean holdsASubscribe() {
    return !held.isEmpty();
  }

  /** Lets whatever was held go on to Redis, and holds nothing more. */
  synchronized void release() {
    holding = false;
    held.forEach(Runnable::run);
    held.clear();
  }

  private void relay(NetSocket front) {
    front.pause();
    URI redis = URI.create(TestInfra.redisUrl());
    client.connect(redis.getPort(), redis.getHost()).onSuccess(back -> {
      boolean[] heldConnection = {false};
      front.handler(data -> forward(data, back, heldConnection));
      back.handler(front::write);
      front.closeHandler(closed -> back.close());
      back.closeHandler(closed -> front.close());
      front.resume();
    }).onFailure(failure -> front.close());
  }

  private synchronized void forward(Buffer data, NetSocket back, boolean[] heldConnection) {
    boolean subscribe = data.toString().toUpperCase(Locale.ROOT).contains("\r\nSUBSCRIBE\r\n");
    if (holding && (heldConnection[0] || subscribe)) {
      heldConnection[0] = true;
      held.add(() -> back.write(data));
    } else {
      back.write(data);
    }
  }

  @Override
  public void close() {
    Blocking.await(vertx.close());
  }
}
