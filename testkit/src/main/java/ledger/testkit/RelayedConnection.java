package ledger.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One connection through a {@link TcpRelay}: the client's side, the server's side, the
 * start of what the client sent (so a test can pick this connection out by it), and whether
 * the route is blackholed.
 */
final class RelayedConnection {

  /** How much of what the client sent is kept to match against: a session's set-up and first requests. */
  private static final int REMEMBERED = 64 * 1024;

  final NetSocket front;
  final NetSocket back;
  private final StringBuilder sent = new StringBuilder();
  private volatile boolean blackholed;

  RelayedConnection(NetSocket front, NetSocket back) {
    this.front = front;
    this.back = back;
  }

  synchronized void clientSent(Buffer data) {
    if (sent.length() < REMEMBERED) {
      sent.append(data.toString(StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT));
    }
  }

  /** Whether the client has sent {@code text} (ignoring case) since it connected, as far as remembered. */
  synchronized boolean hasSent(String text) {
    return sent.indexOf(text.toUpperCase(Locale.ROOT)) >= 0;
  }

  /** From now on nothing passes either way, not even a close: both ends stay open, talking into the void. */
  void blackhole() {
    blackholed = true;
  }

  boolean blackholed() {
    return blackholed;
  }
}
