package ledger.load.config;

/**
 * How the runner reaches the host, as ghz's {@code insecure}, {@code cacert}, {@code cert},
 * {@code key}, {@code cname} and {@code skipTLS} say (https://ghz.sh/docs/options): plaintext
 * HTTP/2, or TLS that trusts the JVM's default CAs, or only {@code cacert}'s, or anything
 * ({@code skipTLS}); a client certificate for mutual TLS; the name the server's certificate must
 * carry ({@code cname}, also sent as SNI and as the {@code :authority}, like grpc-go's server
 * name override). File paths are read as given, relative to the working folder, like ghz.
 */
public record Transport(boolean tls, String cacert, String cert, String key, String cname, boolean skipVerify) {

  public static final Transport PLAINTEXT = new Transport(false, null, null, null, null, false);
  /** TLS trusting the JVM's default certificate authorities, as ghz does without {@code cacert}. */
  public static final Transport TLS = new Transport(true, null, null, null, null, false);

  public Transport {
    if (!tls && (cacert != null || cert != null || key != null || cname != null || skipVerify)) {
      throw new ConfigException("\"cacert\", \"cert\", \"key\", \"cname\" and \"skipTLS\" are TLS settings: with "
          + "\"insecure\": true (plaintext) they would be ignored; drop them or set \"insecure\": false");
    }
    if ((cert == null) != (key == null)) {
      throw new ConfigException("a client certificate needs both \"cert\" and \"key\" (PEM files), got only \""
          + (cert != null ? "cert" : "key") + "\"");
    }
  }

  public Transport withCaCert(String file) {
    return new Transport(tls, file, cert, key, cname, skipVerify);
  }

  public Transport withClientCert(String certFile, String keyFile) {
    return new Transport(tls, cacert, certFile, keyFile, cname, skipVerify);
  }

  public Transport withServerName(String name) {
    return new Transport(tls, cacert, cert, key, name, skipVerify);
  }

  public Transport trustingAnything() {
    return new Transport(tls, cacert, cert, key, cname, true);
  }

  /** How the connections are secured, in a few words, for the summary and the reports. */
  public String describe() {
    if (!tls) {
      return "plaintext (h2c)";
    }
    String trust = skipVerify ? "any server certificate (skipTLS)" : cacert != null ? "servers certified by " + cacert
        : "the JVM's default CAs";
    return "TLS, trusting " + trust + (cname != null ? ", as " + cname : "")
        + (cert != null ? ", client certificate " + cert : "");
  }
}
