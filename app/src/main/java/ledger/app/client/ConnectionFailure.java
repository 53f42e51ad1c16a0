package ledger.app.client;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * One line saying why a connection to the ledger failed, for a person at a terminal: TLS
 * failures by their cause and what to pass instead, never a stack trace.
 */
public final class ConnectionFailure {

  private ConnectionFailure() {
  }

  /**
   * @param target the {@code --target} as given
   * @param tls    whether the client spoke TLS
   */
  public static String describe(Throwable failure, String target, boolean tls) {
    SSLException handshake = find(failure, SSLException.class);
    if (handshake != null || (tls && mentions(failure, "ssl", "tls", "handshake", "certificate"))) {
      return "TLS handshake with " + target + " failed: " + tlsReason(failure, handshake);
    }
    String detail = String.valueOf(root(failure).getMessage());
    if (!tls && mentions(failure, "closed", "reset")) {
      return "cannot reach the ledger at " + target + ": " + detail
          + " (if it serves TLS, pass --tls, or --ca with its CA)";
    }
    return "cannot reach the ledger at " + target + ": " + detail;
  }

  private static String tlsReason(Throwable failure, SSLException handshake) {
    if (find(failure, CertificateExpiredException.class) != null || mentions(failure, "notafter", "expired")) {
      return "the server's certificate has expired";
    }
    if (find(failure, CertificateNotYetValidException.class) != null || mentions(failure, "notbefore")) {
      return "the server's certificate is not valid yet (check this machine's clock)";
    }
    if (mentions(failure, "no subject alternative", "no name matching")) {
      return "the server's certificate does not name this host: " + root(failure).getMessage();
    }
    if (find(failure, CertPathValidatorException.class) != null
        || mentions(failure, "pkix path", "unable to find valid certification path")) {
      return "certificate not trusted; pass --ca with the CA that signed the server's certificate";
    }
    if (mentions(failure, "certificate_required")) {
      return "the server requires a client certificate; pass --cert and --key";
    }
    if (mentions(failure, "bad_certificate", "unknown_ca", "certificate_unknown", "decrypt_error")) {
      return "the server refused the client certificate; pass --cert and --key issued by a CA it trusts";
    }
    if (mentions(failure, "not an ssl/tls record")) {
      return "the server does not speak TLS there; leave out --tls and --ca";
    }
    return String.valueOf((handshake != null ? handshake : root(failure)).getMessage());
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static boolean mentions(Throwable failure, String... words) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      for (String word : words) {
        if (message.contains(word)) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
