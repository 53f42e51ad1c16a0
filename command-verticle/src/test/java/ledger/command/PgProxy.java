package ledger.command;

import static ledger.testkit.Waits.await;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgConnectOptions;

/**
 * A TCP relay in front of PostgreSQL that a test can cut and restore, to make the real
 * database unreachable for a command node without stopping the shared server, and that
 * counts what the database sends, to see how much a node reads.
 */
final class PgProxy implements AutoCloseable {

  private final Vertx vertx;
  private final PgConnectOptions target;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesFromDatabase = new AtomicLong();
  private volatile boolean droppingRequests;
  private final int port;
  private NetServer server;

  private PgProxy(Vertx vertx, PgConnectOptions target) {
    this.vertx = vertx;
    this.target = target;
    this.client = vertx.createNetClient();
    this.server = await(listen(0));
    this.port = server.actualPort();
  }

  static PgProxy in(Vertx vertx, PgConnectOptions target) {
    return new PgProxy(vertx, target);
  }

  /** Options that reach the database through this relay. */
  PgConnectOptions options() {
    return new PgConnectOptions(target).setHost("127.0.0.1").setPort(port);
  }

  /** Refuses new connections and drops the open ones. */
  void cut() {
    await(server.close());
    for (NetSocket socket : sockets) {
      await(socket.close());
    }
  }

  /** Bytes PostgreSQL has sent through the relay so far: a measure of the rows a node read. */
  long bytesFromDatabase() {
    return bytesFromDatabase.get();
  }

  /** From now on a request gets no answer: its connection is dropped with the request in flight. */
  void dropRequests() {
    droppingRequests = true;
  }

  void forwardRequests() {
    droppingRequests = false;
  }

  void restore() {
    server = await(listen(port));
  }

  private Future<NetServer> listen(int onPort) {
    return vertx.createNetServer()
        .connectHandler(front -> {
          front.pause();
          sockets.add(front);
          client.connect(target.getPort(), target.getHost()).onComplete(connected -> {
            if (connected.failed()) {
              sockets.remove(front);
              front.close();
              return;
            }
            NetSocket back = connected.result();
            sockets.add(back);
            front.closeHandler(closed -> {
              sockets.remove(front);
              back.close();
            });
            back.closeHandler(closed -> {
              sockets.remove(back);
              front.close();
            });
            front.handler(data -> {
              if (droppingRequests) {
                front.close();
                back.close();
                return;
              }
              back.write(data);
            });
            back.handler(data -> {
              bytesFromDatabase.addAndGet(data.length());
              front.write(data);
            });
            front.resume();
          });
        })
        .listen(onPort, "127.0.0.1");
  }

  @Override
  public void close() {
    cut();
    await(client.close());
  }
}
