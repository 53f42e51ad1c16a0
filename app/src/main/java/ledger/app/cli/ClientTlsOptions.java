package ledger.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import picocli.CommandLine.Option;

/** How the client commands secure their connection (docs/security.md, "Transport"). */
public final class ClientTlsOptions {

  @Option(names = "--tls", defaultValue = "${env:LEDGER_TLS:-false}",
      description = "Connect over TLS, trusting the JVM's CA certificates (env LEDGER_TLS=true).")
  boolean tls;

  @Option(names = "--ca", defaultValue = "${env:LEDGER_CA}", paramLabel = "<pem>",
      description = "Connect over TLS, trusting the CA certificates in this PEM file instead of the JVM's (env LEDGER_CA).")
  Path ca;

  @Option(names = "--cert", defaultValue = "${env:LEDGER_CERT}", paramLabel = "<pem>",
      description = "Client certificate for a server that requires mutual TLS; needs --key; implies --tls "
          + "(env LEDGER_CERT).")
  Path certificate;

  @Option(names = "--key", defaultValue = "${env:LEDGER_KEY}", paramLabel = "<pem>",
      description = "Private key of --cert, unencrypted PEM: PKCS#8, PKCS#1 (RSA) or SEC 1 (EC) (env LEDGER_KEY).")
  Path key;

  boolean enabled() {
    return tls || ca != null || certificate != null || key != null;
  }

  /**
   * The client's transport options; null for plaintext. Reads the files here, on the command's
   * thread, so that a missing one is a usage error naming its flag.
   */
  HttpClientOptions transport() {
    if (!enabled()) {
      return null;
    }
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException("a client certificate needs both --cert and --key, got only "
          + (certificate == null ? "--key" : "--cert"));
    }
    // Host names are verified (the certificate must name the --target host): Vert.x's HTTP client default.
    HttpClientOptions options = new HttpClientOptions().setSsl(true).setUseAlpn(true);
    if (ca != null) {
      options.setTrustOptions(new PemTrustOptions().addCertValue(read(ca, "--ca")));
    }
    if (certificate != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertValue(read(certificate, "--cert"))
          .setKeyValue(read(key, "--key")));
    }
    return options;
  }

  private static Buffer read(Path file, String flag) {
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e);
    }
  }
}
