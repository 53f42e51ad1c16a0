package ledger.app.server;

import javax.net.ssl.SSLException;

/** Why a TLS connection to a backend failed, in words an operator can act on. */
final class TlsFailures {

  private TlsFailures() {
  }

  /**
   * @param host    the host name the client asked for, which the certificate must name
   * @param trusted where the trusted CAs come from, e.g. "sslrootcert"
   */
  static String explain(Throwable failure, String host, String trusted) {
    String cause = String.valueOf(failure.getMessage());
    if (!(failure instanceof SSLException)) {
      return cause;
    }
    if (cause.contains("PKIX") || cause.contains("certification path")) {
      return "the server's certificate is not signed by a CA in " + trusted + ": " + cause;
    }
    if (cause.contains("subject alternative") || cause.contains("No name matching")) {
      return "the server's certificate does not name host " + host + ": " + cause;
    }
    if (cause.contains("plaintext") || cause.contains("not an SSL/TLS record") || cause.contains("Unrecognized SSL")) {
      return "the server does not speak TLS on this port: " + cause;
    }
    return "TLS handshake failed: " + cause;
  }
}
