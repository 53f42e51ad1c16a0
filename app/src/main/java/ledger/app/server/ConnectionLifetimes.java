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

  /** HTTP/2's error code of a graceful GOAWAY. */
  private static final long NO_ERROR = 0;

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

  /**
   * The two-step GOAWAY of RFC 9113 §6.8 (grpc-java's servers do the same): first a GOAWAY that
   * still admits every stream (last stream id 2^31-1) and a PING, and only once the PING is
   * answered, when the client has read the GOAWAY and opens no stream here any more, the final
   * GOAWAY and the graceful close, which waits for the streams still open up to the grace.
   * A single GOAWAY naming the last stream created (what HttpConnection.shutdown sends) races
   * with the requests the client sent before it read it: vertx-core 5.0.7's Netty 4.2.9 ignores
   * such a request's HEADERS, then takes its DATA for a stream that never existed, a connection
   * error (PROTOCOL_ERROR) that closes the connection at once, cutting the calls still running
   * (their callers see UNAVAILABLE) and making each late answer log a NullPointerException at
   * VertxHttp2Stream$3.cancel (ConnectionAgeIT, 16 callers).
   */
  private void goAway(HttpConnection connection) {
    LOG.debug("Connection of {} reached its maximum age: GOAWAY", connection.remoteAddress());
    long grace = settings.maxConnectionAgeGrace().toMillis();
    try {
      connection.goAway(NO_ERROR, Integer.MAX_VALUE);
      connection.ping(Buffer.buffer(new byte[8])).timeout(Math.max(1, grace), TimeUnit.MILLISECONDS)
          .onComplete(answered -> {
            // Answered or not within the grace (a peer that does not answer gets the plain GOAWAY): the final one.
            connection.goAway(NO_ERROR);
            connection.shutdown(grace, TimeUnit.MILLISECONDS);
          });
    } catch (UnsupportedOperationException http1) {
      connection.shutdown(grace, TimeUnit.MILLISECONDS);
    }
  }

  /** The age varies by up to {@link ConnectionSettings#AGE_JITTER} either way (at least 1 ms: a timer's minimum). */
  static long jittered(long millis) {
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-ConnectionSettings.AGE_JITTER,
        ConnectionSettings.AGE_JITTER);
    return Math.max(1, Math.round(millis * factor));
  }
}
