package ledger.app.server;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * One PING at start-up, so that a Redis the process cannot talk to stops the start with a
 * reason: a TLS-only server answers a plaintext client by resetting the connection, which
 * vertx-redis-client reports as a bare "Connection reset". On a Cluster, CLUSTER INFO must also
 * say {@code cluster_state:ok}: a cluster without a master for some slots answers PING, but
 * not the commands on the views of those slots.
 */
final class RedisCheck {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private RedisCheck() {
  }

  static Future<Void> run(Redis redis, RedisTopology topology, String url, boolean caGiven) {
    // parsed here for the first time past the first endpoint: a failure names them redacted
    List<URI> endpoints = SecretUrls.parsing(url, () -> topology.endpoints(url).stream().map(URI::create).toList());
    boolean tls = "rediss".equalsIgnoreCase(endpoints.get(0).getScheme());
    String mode = topology.mode().name().toLowerCase(Locale.ROOT);
    // the URL may carry a password: name the servers by host and port only
    String what = topology.mode() == RedisTopology.Mode.STANDALONE ? "Redis" : "Redis (" + mode + ")";
    String where = what + " at " + endpoints.stream().map(uri -> uri.getHost() + ":" + uri.getPort())
        .collect(Collectors.joining(", ")) + (tls ? " (rediss://, TLS)" : " (redis://, plaintext)");
    Future<Void> answered = redis.send(Request.cmd(Command.PING)).timeout(LIMIT.toMillis(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(failure -> {
          String why = TlsFailures.explain(failure, endpoints.get(0).getHost(),
              caGiven ? "--redis-tls-ca" : "the JVM's trust store (--redis-tls-ca names a CA file)");
          if (!tls && why.contains("Connection reset")) {
            why += " (a Redis that speaks TLS only resets plaintext connections: if this one does, use rediss://)";
          }
          return Future.failedFuture(new IllegalStateException(where + " did not answer PING: " + why, failure));
        });
    if (topology.mode() != RedisTopology.Mode.CLUSTER) {
      return answered;
    }
    return answered.compose(pong -> redis.send(Request.cmd(Command.CLUSTER).arg("INFO"))
        .timeout(LIMIT.toMillis(), TimeUnit.MILLISECONDS)
        .compose(info -> clusterOk(info.toString(), where)));
  }

  private static Future<Void> clusterOk(String info, String where) {
    if (info.contains("cluster_state:ok")) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new IllegalStateException(where + " is not serving every slot (CLUSTER INFO does not"
        + " say cluster_state:ok): some slots have no master"));
  }
}
