package ledger.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Clients of each kind that speak TLS to a server on 127.0.0.1, trusting one test CA. */
public final class TlsClients {

  private TlsClients() {
  }

  /** A grpc-java channel over TLS (host name checked against 127.0.0.1), with a client certificate unless null. */
  public static ManagedChannel grpcJava(int port, Path trustedCa, Issued clientCertificate) {
    try {
      TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder().trustManager(trustedCa.toFile());
      if (clientCertificate != null) {
        credentials.keyManager(clientCertificate.certificateFile().toFile(), clientCertificate.keyFile().toFile());
      }
      ChannelCredentials built = credentials.build();
      return Grpc.newChannelBuilderForAddress("127.0.0.1", port, built).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Vert.x HTTP/2 client options of a TLS connection, with a client certificate unless null. */
  public static HttpClientOptions vertx(Path trustedCa, Issued clientCertificate) {
    HttpClientOptions options = new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(trustedCa.toString()));
    if (clientCertificate != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCertificate.certificateFile().toString())
          .setKeyPath(clientCertificate.keyFile().toString()));
    }
    return options;
  }

  /** A JDK HTTP client (HTTP/1.1 or h2 over TLS) trusting only {@code trustedCa}, as a scraper or probe. */
  public static HttpClient https(Path trustedCa) {
    try (InputStream pem = Files.newInputStream(trustedCa)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(context).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
