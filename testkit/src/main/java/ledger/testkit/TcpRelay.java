package ledger.testkit;

import static ledger.testkit.Waits.await;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * A TCP relay in front of a real server (PostgreSQL, Redis) that a test can cut and
 * restore, make drop requests in flight, blackhole (connections stay open and go silent,
 * as when a network loses a route without a reset), or hold requests or replies to order
 * them against other events, to make the server unreachable for a node without stopping
 * the shared server; it counts what the server sends, to see how much a node reads.
 */
public final class TcpRelay implements AutoCloseable {

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<RelayedConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesFromTarget = new AtomicLong();
  private volatile boolean droppingRequests;
  private final List<Runnable> held = new ArrayList<>();
  private final Set<NetSocket> heldConnections = new HashSet<>();
  private final Set<NetSocket> heldReplies = new HashSet<>();
  private Predicate<Buffer> holding;
  private Predicate<Buffer> holdingReplies;
  private final int port;
  private final boolean resetting;
  private NetServer server;

  private TcpRelay(Vertx vertx, String targetHost, int targetPort, boolean resetting) {
    this.vertx = vertx;
    this.resetting = resetting;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
    this.server = await(listen(0));
    this.port = server.actualPort();
  }

  /** A relay on a free loopback port, to the server at {@code targetHost:targetPort}. */
  public static TcpRelay to(Vertx vertx, String targetHost, int targetPort) {
    return new TcpRelay(vertx, targetHost, targetPort, false);
  }

  /**
   * A relay whose cuts reset the client's connection (SO_LINGER 0: an RST, not a FIN), so the
   * client sees the lost connection as an error with a cause ("Connection reset by peer").
   */
  public static TcpRelay resettingTo(Vertx vertx, String targetHost, int targetPort) {
    return new TcpRelay(vertx, targetHost, targetPort, true);
  }

  /** The loopback port that reaches the server through this relay. */
  public int port() {
    return port;
  }

  /** Refuses new connections and drops the open ones. */
  public void cut() {
    await(server.close());
    for (NetSocket socket : sockets) {
      await(socket.close());
    }
  }

  /** Blackholes every open connection (see {@link #blackholeConnectionsThatSent}); returns how many. */
  public int blackhole() {
    return blackholeConnectionsThatSent("");
  }

  /**
   * Blackholes every open connection whose client has sent {@code text} (ignoring case, within
   * its first 64 KB): both ends stay open, and from now on no byte and no close passes either
   * way, so neither side learns anything (no FIN, no RST). Connections opened later flow, as
   * over a new route. Returns how many were blackholed.
   */
  public int blackholeConnectionsThatSent(String text) {
    int matched = 0;
    for (RelayedConnection connection : connections) {
      if (connection.hasSent(text)) {
        connection.blackhole();
        matched++;
      }
    }
    return matched;
  }

  /** How many open connections have a client that has sent {@code text} (ignoring case, within its first 64 KB). */
  public int connectionsThatSent(String text) {
    return (int) connections.stream().filter(connection -> connection.hasSent(text)).count();
  }

  /** Closes both ends of every open connection whose client has sent {@code text}; returns how many. */
  public int cutConnectionsThatSent(String text) {
    int matched = 0;
    for (RelayedConnection connection : connections) {
      if (connection.hasSent(text)) {
        await(connection.front.close());
        await(connection.back.close());
        matched++;
      }
    }
    return matched;
  }

  /** Bytes the server has sent through the relay so far: a measure of what a node read. */
  public long bytesFromTarget() {
    return bytesFromTarget.get();
  }

  /** From now on a request gets no answer: its connection is dropped with the request in flight. */
  public void dropRequests() {
    droppingRequests = true;
  }

  public void forwardRequests() {
    droppingRequests = false;
  }

  /**
   * From now on, a connection that sends data matching {@code first} is held there: that data
   * and everything after it on the same connection wait, in order, until {@link #release()},
   * so a test decides when the server takes a request the client has already sent. Other
   * connections flow.
   */
  public synchronized void holdConnectionsSending(Predicate<Buffer> first) {
    holding = first;
  }

  /**
   * From now on, a connection that sends data matching {@code request} has what the server
   * sends back on it held, in order, until {@link #release()}: the server has run the request
   * (a read has taken its snapshot) but the client has not heard the answer yet.
   */
  public synchronized void holdRepliesTo(Predicate<Buffer> request) {
    holdingReplies = request;
  }

  /** True once something is held: a request on its way to the server, or a reply on its way back. */
  public synchronized boolean holdsAConnection() {
    return !held.isEmpty();
  }

  /** Lets whatever was held go on to the server, and holds nothing more. */
  public synchronized void release() {
    holding = null;
    holdingReplies = null;
    held.forEach(Runnable::run);
    held.clear();
    heldConnections.clear();
    heldReplies.clear();
  }

  public void restore() {
    server = await(listen(port));
  }

  private Future<NetServer> listen(int onPort) {
    return vertx.createNetServer(resetting ? new NetServerOptions().setSoLinger(0) : new NetServerOptions())
        .connectHandler(front -> {
          front.pause();
          sockets.add(front);
          client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed()) {
              sockets.remove(front);
              front.close();
              return;
            }
            NetSocket back = connected.result();
            sockets.add(back);
            RelayedConnection connection = new RelayedConnection(front, back);
            connections.add(connection);
            front.closeHandler(closed -> {
              sockets.remove(front);
              connections.remove(connection);
              if (!connection.blackholed()) {
                back.close();
              }
            });
            back.closeHandler(closed -> {
              sockets.remove(back);
              connections.remove(connection);
              if (!connection.blackholed()) {
                front.close();
              }
            });
            front.handler(data -> {
              connection.clientSent(data);
              if (connection.blackholed()) {
                return;
              }
              if (droppingRequests) {
                front.close();
                back.close();
                return;
              }
              forward(front, data, back);
            });
            back.handler(data -> {
              if (connection.blackholed()) {
                return;
              }
              bytesFromTarget.addAndGet(data.length());
              reply(front, data);
            });
            front.resume();
          });
        })
        .listen(onPort, "127.0.0.1");
  }

  private synchronized void forward(NetSocket front, Buffer data, NetSocket back) {
    if (holdingReplies != null && holdingReplies.test(data)) {
      heldReplies.add(front);
    }
    if (holding != null && (heldConnections.contains(front) || holding.test(data))) {
      heldConnections.add(front);
      held.add(() -> back.write(data));
    } else {
      back.write(data);
    }
  }

  private synchronized void reply(NetSocket front, Buffer data) {
    if (heldReplies.contains(front)) {
      held.add(() -> front.write(data));
    } else {
      front.write(data);
    }
  }

  @Override
  public void close() {
    cut();
    await(client.close());
  }
}
