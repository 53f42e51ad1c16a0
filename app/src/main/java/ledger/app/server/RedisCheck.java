package ledger.app.server;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * One PING at start-up, so that a Redis the process cannot talk to stops the start with a
 * reason: a TLS-only server answers a plaintext client by resetting the connection, which
 * vertx-redis-client reports as a bare "Connection reset".
 */
final class RedisCheck {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private RedisCheck() {
  }

  static Future<Void> run(Redis redis, String url, boolean caGiven) {
    URI uri = URI.create(url);
    boolean tls = "rediss".equalsIgnoreCase(uri.getScheme());
    // the URL may carry a password: name the server by host and port only
    String where = "Redis at " + uri.getHost() + ":" + uri.getPort() + (tls ? " (rediss://, TLS)" : " (redis://, plaintext)");
    return redis.send(Request.cmd(Command.PING)).timeout(LIMIT.toMillis(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(failure -> {
          String why = TlsFailures.explain(failure, uri.getHost(),
              caGiven ? "--redis-tls-ca" : "the JVM's trust store (--redis-tls-ca names a CA file)");
          if (!tls && why.contains("Connection reset")) {
            why += " (a Redis that speaks TLS only resets plaintext connections: if this one does, use rediss://)";
          }
          return Future.failedFuture(new IllegalStateException(where + " did not answer PING: " + why, failure));
        });
  }
}
