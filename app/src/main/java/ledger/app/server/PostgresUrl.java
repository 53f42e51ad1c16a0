package ledger.app.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.TrustManagerFactory;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * The connection options of a {@code postgresql://} URL, with its TLS parameters read the way
 * libpq reads them. vertx-pg-client 5.0.7's {@code PgConnectOptions.fromUri} parses
 * {@code sslmode} but ignores {@code sslrootcert}, {@code sslcert} and {@code sslkey}, and
 * leaves the TLS options null: every TLS attempt ({@code require}, {@code verify-ca},
 * {@code verify-full}, and {@code allow}'s second try) then fails with a NullPointerException,
 * and {@code prefer} silently falls back to plaintext (each seen against a TLS-only server).
 * This fills them in.
 * Every pool and connection of the process copies the options built here (the copy keeps them).
 */
public final class PostgresUrl {

  /** {@code sslrootcert=system}: the JVM's trust store, as libpq 16 means by it. */
  private static final String SYSTEM_ROOTS = "system";

  private PostgresUrl() {
  }

  /** The options of {@code url}; an IllegalArgumentException names a parameter that cannot work. */
  public static PgConnectOptions options(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    Map<String, String> query = query(url);
    String rootCert = query.get("sslrootcert");
    SslMode mode = query.containsKey("sslmode") ? options.getSslMode()
        // libpq 16: a system trust store means the host name must match too
        : SYSTEM_ROOTS.equals(rootCert) ? SslMode.VERIFY_FULL : SslMode.DISABLE;
    if (SYSTEM_ROOTS.equals(rootCert) && mode != SslMode.VERIFY_FULL) {
      throw new IllegalArgumentException("PostgreSQL URL: sslrootcert=system needs sslmode=verify-full (as libpq), "
          + "not " + mode.value);
    }
    options.setSslMode(mode);
    if (mode != SslMode.DISABLE) {
      options.setSslOptions(tls(mode, rootCert, query.get("sslcert"), query.get("sslkey")));
    }
    return options;
  }

  private static ClientSSLOptions tls(SslMode mode, String rootCert, String cert, String key) {
    ClientSSLOptions tls = new ClientSSLOptions();
    // libpq: require with a root certificate verifies the chain as verify-ca does; allow, prefer
    // and require without one encrypt against passive listeners only
    boolean verifyChain = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL
        || (mode == SslMode.REQUIRE && rootCert != null);
    if (!verifyChain) {
      tls.setTrustAll(true);
    } else if (rootCert == null || SYSTEM_ROOTS.equals(rootCert)) {
      tls.setTrustOptions(jvmTrustStore());
    } else {
      tls.setTrustOptions(new PemTrustOptions().addCertPath(readable(rootCert, "sslrootcert")));
    }
    // "HTTPS" is the JDK's RFC 2818 check (subject alternative names); "" checks no name at all
    tls.setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new IllegalArgumentException("PostgreSQL URL: sslcert and sslkey go together (a client certificate "
            + "and its private key, PEM)");
      }
      tls.setKeyCertOptions(new PemKeyCertOptions().setCertPath(readable(cert, "sslcert"))
          .setKeyPath(readable(key, "sslkey")));
    }
    return tls;
  }

  /** The JVM's default trust store (its cacerts, or javax.net.ssl.trustStore): vert.x insists on trust options. */
  private static TrustOptions jvmTrustStore() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM's trust store cannot be read", e);
    }
  }

  /** The query parameters, keys lower-cased and values decoded as fromUri does. */
  private static Map<String, String> query(String url) {
    Map<String, String> parameters = new HashMap<>();
    int start = url.indexOf('?');
    if (start < 0) {
      return parameters;
    }
    for (String pair : url.substring(start + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.put(pair.substring(0, equals).toLowerCase(Locale.ROOT),
            URLDecoder.decode(pair.substring(equals + 1).trim(), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static String readable(String file, String parameter) {
    if (!Files.isReadable(Path.of(file))) {
      throw new IllegalArgumentException("PostgreSQL URL: " + parameter + " " + file + " is not a readable file");
    }
    return file;
  }
}
