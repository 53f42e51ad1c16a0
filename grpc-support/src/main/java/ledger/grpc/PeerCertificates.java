package ledger.grpc;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import io.vertx.core.http.HttpConnection;
import javax.net.ssl.SSLPeerUnverifiedException;

/** What mutual TLS proved about the caller: the subject of the certificate it presented. */
public final class PeerCertificates {

  private PeerCertificates() {
  }

  /**
   * The subject distinguished name (RFC 2253, e.g. {@code CN=teller,O=Bank}) of the client
   * certificate the connection's TLS handshake verified; null on plaintext, or when the
   * client presented none (the server did not ask for one).
   */
  public static String subjectOf(HttpConnection connection) {
    if (connection == null || !connection.isSsl()) {
      return null;
    }
    try {
      List<Certificate> chain = connection.peerCertificates();
      if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
        return null;
      }
      return leaf.getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException noCertificate) {
      return null;
    }
  }
}
