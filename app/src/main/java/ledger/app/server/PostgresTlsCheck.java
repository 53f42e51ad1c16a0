package ledger.app.server;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * One TLS handshake with PostgreSQL at start-up, done the way vertx-pg-client does it (an
 * SSLRequest, then the upgrade with the same options), to say why it fails. vertx-pg-client
 * 5.0.7 drops the handshake's cause: its callers see only "SSL handshake failed", whether the
 * CA, the host name or the client certificate is wrong.
 */
final class PostgresTlsCheck {

  /** The protocol's SSLRequest: length 8, then the code 1234.5679. */
  private static final int SSL_REQUEST = 80877103;
  private static final Duration LIMIT = Duration.ofSeconds(10);

  private PostgresTlsCheck() {
  }

  /** Succeeds when TLS is not demanded or its handshake works; else fails with a message that says why. */
  static Future<Void> run(Vertx vertx, PgConnectOptions options) {
    SslMode mode = options.getSslMode();
    // vertx-pg-client speaks plaintext over a Unix socket whatever the sslmode
    if (options.isUsingDomainSocket() || mode != SslMode.REQUIRE && mode != SslMode.VERIFY_CA && mode != SslMode.VERIFY_FULL) {
      return Future.succeededFuture();
    }
    String where = "PostgreSQL at " + options.getHost() + ":" + options.getPort() + " (sslmode=" + mode.value + ")";
    if (options.getSslOptions() == null) {
      // what PgConnectOptions.fromUri alone gives: vertx-pg-client would fail each connection with a NullPointerException
      return Future.failedFuture(new IllegalStateException(where + ": no TLS options (build them with PostgresUrl)"));
    }
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) LIMIT.toMillis()));
    Promise<Void> checked = Promise.promise();
    long timer = vertx.setTimer(LIMIT.toMillis(), t -> checked.tryFail(new IllegalStateException(
        where + ": no TLS handshake within " + LIMIT.toSeconds() + " s")));
    client.connect(options.getPort(), options.getHost())
        .compose(socket -> handshake(socket, options).eventually(socket::close))
        .onComplete(done -> {
          vertx.cancelTimer(timer);
          if (done.succeeded()) {
            checked.tryComplete();
          } else {
            String why = TlsFailures.explain(done.cause(), options.getHost(),
                "sslrootcert (or, without it, the JVM's trust store)");
            if (mode == SslMode.VERIFY_FULL && why.contains("does not name host")) {
              why += " (verify-full checks the name; verify-ca would not)";
            }
            checked.tryFail(new IllegalStateException(where + ": " + why, done.cause()));
          }
        });
    return checked.future().eventually(client::close);
  }

  private static Future<Void> handshake(NetSocket socket, PgConnectOptions options) {
    Promise<Void> upgraded = Promise.promise();
    socket.closeHandler(closed -> upgraded.tryFail(new IllegalStateException("the server closed the connection")));
    socket.handler(answer -> {
      socket.handler(null);
      if (answer.getByte(0) != 'S') {
        upgraded.tryFail(new IllegalStateException("the server does not accept TLS connections (its ssl setting is off)"));
        return;
      }
      socket.upgradeToSsl(options.getSslOptions().copy()).onComplete(upgraded);
    });
    socket.write(Buffer.buffer().appendInt(8).appendInt(SSL_REQUEST));
    return upgraded.future();
  }
}
