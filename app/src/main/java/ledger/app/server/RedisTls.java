package ledger.app.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * TLS to Redis, used when its URL is {@code rediss://}: the CA to trust (null: the JVM's
 * trust store) and an optional client certificate and key, all PEM files.
 *
 * <p>vertx-redis-client 5.0.7 upgrades a {@code rediss://} connection to TLS with the
 * client's {@link NetClientOptions}, and those check no host name unless told to: a
 * certificate from a trusted CA for any other host would pass. {@link #applyTo} turns
 * host-name verification on.
 */
public record RedisTls(Path ca, Path cert, Path key) {

  /** rediss:// trusts the JVM's trust store and presents no certificate. */
  public static RedisTls jvmTrustStore() {
    return new RedisTls(null, null, null);
  }

  /** Configures {@code client} for {@code url}; an IllegalArgumentException names what cannot work. */
  public void applyTo(String url, NetClientOptions client) {
    boolean tls = "rediss".equalsIgnoreCase(URI.create(url).getScheme());
    if (!tls) {
      if (ca != null || cert != null || key != null) {
        throw new IllegalArgumentException("--redis-tls-ca/--redis-tls-cert/--redis-tls-key are set but the Redis URL "
            + "is not rediss://, so the connection would be plaintext: use rediss://host:port");
      }
      return;
    }
    client.setHostnameVerificationAlgorithm("HTTPS");
    if (ca != null) {
      client.setTrustOptions(new PemTrustOptions().addCertPath(readable(ca, "--redis-tls-ca")));
    }
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new IllegalArgumentException("--redis-tls-cert and --redis-tls-key go together (a client certificate "
            + "and its private key, PEM)");
      }
      client.setKeyCertOptions(new PemKeyCertOptions().setCertPath(readable(cert, "--redis-tls-cert"))
          .setKeyPath(readable(key, "--redis-tls-key")));
    }
  }

  private static String readable(Path file, String option) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(option + " " + file + " is not a readable file");
    }
    return file.toString();
  }
}
