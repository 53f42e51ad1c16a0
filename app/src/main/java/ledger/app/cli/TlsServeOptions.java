package ledger.app.cli;

import java.nio.file.Path;
import java.time.Duration;

import ledger.app.server.ServerConfig;
import ledger.app.server.TlsSettings;
import picocli.CommandLine.Option;

/** {@code ledger serve}'s TLS flags (docs/security.md, "Transport"). */
public final class TlsServeOptions {

  @Option(names = "--tls-cert", defaultValue = "${env:LEDGER_TLS_CERT}",
      description = "PEM certificate chain (the server's certificate first) for TLS on the gRPC and HTTP ports; "
          + "needs --tls-key. Read again every --tls-reload-ms: a changed pair serves new connections "
          + "(env LEDGER_TLS_CERT).")
  Path certificate;

  @Option(names = "--tls-key", defaultValue = "${env:LEDGER_TLS_KEY}",
      description = "PEM private key of --tls-cert, unencrypted, RSA or EC: PKCS#8 (BEGIN PRIVATE KEY), "
          + "PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC 1 (BEGIN EC PRIVATE KEY) (env LEDGER_TLS_KEY).")
  Path key;

  @Option(names = "--tls-client-ca", defaultValue = "${env:LEDGER_TLS_CLIENT_CA}",
      description = "PEM bundle of CAs: mutual TLS on the gRPC port, whose handshake then refuses a client "
          + "without a certificate issued by one of them (env LEDGER_TLS_CLIENT_CA).")
  Path clientCa;

  @Option(names = "--tls-reload-ms", defaultValue = "${env:LEDGER_TLS_RELOAD_MS:-10000}",
      description = "How often the TLS files are read again (default: ${DEFAULT-VALUE}; env LEDGER_TLS_RELOAD_MS).")
  long reloadMillis;

  /**
   * The configuration with these TLS settings. Certificate without key (or the reverse) is a
   * usage error; so are files that cannot serve TLS, checked here so that {@code serve} stops
   * before starting anything.
   */
  ServerConfig applyTo(ServerConfig config) {
    TlsSettings settings = settings();
    settings.requireUsable();
    return config.withSecurity(config.security().withTls(settings));
  }

  TlsSettings settings() {
    if (certificate == null && key == null && clientCa == null) {
      return TlsSettings.plaintext().withReloadEvery(Duration.ofMillis(reloadMillis));
    }
    return new TlsSettings(certificate, key, clientCa, Duration.ofMillis(reloadMillis));
  }
}
