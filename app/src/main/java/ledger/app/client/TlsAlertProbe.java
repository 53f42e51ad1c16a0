package ledger.app.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * Why a TLS server closed the connection, asked again on a bare TLS socket. Under TLS 1.3 a
 * server refuses a client certificate (or its absence) only after the client's side of the
 * handshake is done; Vert.x 5.0.7's HTTP/2 client then fails the call with "Connection was closed"
 * and drops the server's alert, which a bare socket still receives.
 */
final class TlsAlertProbe {

  private static final long LISTEN_MILLIS = 2000;

  private TlsAlertProbe() {
  }

  /** The failure a fresh TLS connection with these settings meets within two seconds; null when none. */
  static Future<Throwable> failureOf(Vertx vertx, SocketAddress target, HttpClientOptions tls) {
    NetClient net = vertx.createNetClient(new NetClientOptions().setSsl(true).setConnectTimeout(5000)
        .setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(tls.getTrustOptions())
        .setKeyCertOptions(tls.getKeyCertOptions()));
    Promise<Throwable> seen = Promise.promise();
    net.connect(target).onComplete(connected -> {
      if (connected.failed()) {
        seen.tryComplete(connected.cause());
        return;
      }
      NetSocket socket = connected.result();
      socket.exceptionHandler(seen::tryComplete);
      socket.closeHandler(closed -> seen.tryComplete(null));
      vertx.setTimer(LISTEN_MILLIS, timeUp -> {
        seen.tryComplete(null);
        socket.close();
      });
    });
    return seen.future().eventually(net::close);
  }
}
