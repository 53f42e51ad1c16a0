package ledger.app.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * TLS of the gRPC and HTTP ports (docs/security.md, "Transport"). Without a certificate both
 * ports serve plaintext.
 *
 * @param certificate PEM certificate chain, the server's own certificate first; null for plaintext
 * @param key         PEM private key of that certificate (PKCS#8, PKCS#1 RSA or SEC 1 EC; unencrypted)
 * @param clientCa    PEM bundle of the CAs whose client certificates the gRPC port requires (mutual TLS);
 *                    null: no client certificate asked
 * @param reloadEvery how often the files are read again; a changed, matching pair is applied to new connections
 */
public record TlsSettings(Path certificate, Path key, Path clientCa, Duration reloadEvery) {

  public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(10);

  public TlsSettings {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key, got only "
          + (certificate == null ? "--tls-key" : "--tls-cert"));
    }
    if (clientCa != null && certificate == null) {
      throw new IllegalArgumentException("--tls-client-ca (mutual TLS) needs --tls-cert and --tls-key as well");
    }
    if (reloadEvery == null || reloadEvery.toMillis() < 1) {
      throw new IllegalArgumentException("--tls-reload-ms must be at least 1, got "
          + (reloadEvery == null ? null : reloadEvery.toMillis()));
    }
  }

  public static TlsSettings plaintext() {
    return new TlsSettings(null, null, null, DEFAULT_RELOAD);
  }

  /** TLS with this certificate and key, no client certificates asked. */
  public static TlsSettings of(Path certificate, Path key) {
    return new TlsSettings(certificate, key, null, DEFAULT_RELOAD);
  }

  /** Mutual TLS on the gRPC port: a client must present a certificate issued by one of these CAs. */
  public TlsSettings withClientCa(Path value) {
    return new TlsSettings(certificate, key, value, reloadEvery);
  }

  public TlsSettings withReloadEvery(Duration value) {
    return new TlsSettings(certificate, key, clientCa, value);
  }

  /**
   * Reads and checks the files (blocking): both parse, the key belongs to the certificate, the client
   * CAs are certificates. Throws {@link InvalidTlsFiles}, naming the flag and the file, when not.
   */
  public void requireUsable() {
    if (enabled()) {
      TlsMaterial.load(this);
    }
  }

  public boolean enabled() {
    return certificate != null;
  }

  public boolean mutual() {
    return clientCa != null;
  }
}
