package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;

import ledger.testkit.BackendCertificates;
import ledger.testkit.TestInfra;
import redis.embedded.RedisServer;

/**
 * A Redis server of one test's own that speaks TLS only ({@code port 0}, {@code tls-port}): the
 * embedded 6.2 binary of codemonstur's embedded-redis 1.4.3 is built with TLS (it links the
 * system's libssl.so.3). Clients are asked for certificates only if told so.
 */
final class TlsRedis implements AutoCloseable {

  private final int port = TestInfra.freePort();
  private final RedisServer server;

  /** Clients need no certificate. */
  TlsRedis(BackendCertificates.Issued certificate, BackendCertificates.Authority clientCa) {
    this(certificate, clientCa, false);
  }

  /** With {@code clientsCertify}, a client must present a certificate from {@code clientCa}. */
  TlsRedis(BackendCertificates.Issued certificate, BackendCertificates.Authority clientCa, boolean clientsCertify) {
    try {
      server = RedisServer.newRedisServer().port(0).bind("127.0.0.1")
          .setting("tls-port " + port)
          .setting("tls-cert-file " + certificate.certificateFile())
          .setting("tls-key-file " + certificate.keyFile())
          .setting("tls-ca-cert-file " + clientCa.certificateFile())
          .setting("tls-auth-clients " + (clientsCertify ? "yes" : "no"))
          .setting("save \"\"").setting("appendonly no")
          .build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("TLS Redis did not start on port " + port, e);
    }
  }

  int port() {
    return port;
  }

  String url(String scheme, String host) {
    return scheme + "://" + host + ":" + port;
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
