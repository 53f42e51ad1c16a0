package ledger.app.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * The backends this process reaches beyond loopback without checking who answers, named in
 * warnings at start: a URL without {@code sslmode} is plaintext (libpq would try TLS first),
 * which is easy to miss.
 */
final class UnverifiedBackends {

  private UnverifiedBackends() {
  }

  /** One warning per backend off loopback whose connection is plaintext or unverified; {@code redisUrl} may be null. */
  static List<String> warnings(PgConnectOptions postgres, String redisUrl) {
    List<String> warnings = new ArrayList<>();
    if (!postgres.isUsingDomainSocket() && !loopback(postgres.getHost())) {
      SslMode mode = postgres.getSslMode();
      ClientSSLOptions tls = postgres.getSslOptions();
      if (mode == SslMode.DISABLE) {
        warnings.add("PostgreSQL at " + postgres.getHost() + ":" + postgres.getPort() + " is reached in plaintext "
            + "(no sslmode, or sslmode=disable); add sslmode=verify-full");
      } else if (mode == SslMode.ALLOW || mode == SslMode.PREFER) {
        warnings.add("PostgreSQL at " + postgres.getHost() + ":" + postgres.getPort() + " is reached with sslmode="
            + mode.value + ": it may fall back to plaintext and any server is believed; use sslmode=verify-full");
      } else if (tls != null && tls.isTrustAll()) {
        warnings.add("PostgreSQL at " + postgres.getHost() + ":" + postgres.getPort() + " is reached with sslmode="
            + mode.value + " and no sslrootcert: encrypted, but any server is believed; use sslmode=verify-full");
      }
    }
    // several endpoints, comma-separated, for Sentinel and Cluster
    for (String endpoint : redisUrl == null ? new String[0] : redisUrl.split(",")) {
      URI redis = URI.create(endpoint.trim());
      if ("redis".equalsIgnoreCase(redis.getScheme()) && !loopback(redis.getHost())) {
        warnings.add("Redis at " + redis.getHost() + ":" + redis.getPort() + " is reached in plaintext (redis://); "
            + "use rediss://");
      }
    }
    return warnings;
  }

  /** By name only: resolving it could block, and a name that resolves to loopback elsewhere is not this. */
  private static boolean loopback(String host) {
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }
}
