package ledger.app.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keepalive and ageing of each gRPC client connection ({@link ConnectionSettings}). Vert.x's
 * HTTP server has neither: a PING every keepalive time finds a peer that vanished (and keeps
 * proxies' and NATs' idle timers from cutting a quiet connection), and at its maximum age a
 * connection is sent GOAWAY, so the client opens a new one (a grpc-java channel does so without
 * failing a call) and long-lived HTTP/2 connections spread again over the instances behind a
 * Service. Calls still open then get the age grace before the connection closes.
 */
final class ConnectionLifetimes implements Handler<HttpConnection> {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifetimes.class);

  private final Vertx vertx;
  private final ConnectionSettings settings;

  ConnectionLifetimes(Vertx vertx, ConnectionSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /** Runs on the connection's event loop, as every timer it sets does. */
  @Override
  public void handle(HttpConnection connection) {
    long keepalive = settings.keepalive()
        ? vertx.setPeriodic(settings.keepaliveTime().toMillis(), tick -> {
          if (!ping(connection)) {
            vertx.cancelTimer(tick);
          }
        })
        : -1;
    long age = settings.ageing() ? vertx.setTimer(jittered(settings.maxConnectionAge().toMillis()),
        aged -> goAway(connection)) : -1;
    connection.closeHandler(closed -> {
      vertx.cancelTimer(keepalive);
      vertx.cancelTimer(age);
    });
  }

  /** False when the connection cannot be pinged (HTTP/1.1: no gRPC client; it ends with its request). */
  private boolean ping(HttpConnection connection) {
    long timeout = settings.keepaliveTimeout().toMillis();
    try {
      connection.ping(Buffer.buffer(new byte[8])).timeout(timeout, TimeUnit.MILLISECONDS).onFailure(failure -> {
        if (failure instanceof TimeoutException) {
          LOG.info("Closing the connection of {}: no answer to a keepalive PING within {} ms",
              connection.remoteAddress(), timeout);
          connection.close();
        }
      });
      return true;
    } catch (UnsupportedOperationException http1) {
      return false;
    }
  }

  private void goAway(HttpConnection connection) {
    LOG.debug("Connection of {} reached its maximum age: GOAWAY", connection.remoteAddress());
    connection.shutdown(settings.maxConnectionAgeGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The age varies by up to {@link ConnectionSettings#AGE_JITTER} either way (at least 1 ms: a timer's minimum). */
  static long jittered(long millis) {
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-ConnectionSettings.AGE_JITTER,
        ConnectionSettings.AGE_JITTER);
    return Math.max(1, Math.round(millis * factor));
  }
}
