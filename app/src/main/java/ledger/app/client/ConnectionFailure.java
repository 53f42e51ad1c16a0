package ledger.app.client;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
   * @param target            the {@code --target} as given
   * @param tls               whether the client spoke TLS
   * @param clientCertificate whether it presented a client certificate
   */
  public static String describe(Throwable failure, String target, boolean tls, boolean clientCertificate) {
    SSLException handshake = find(failure, SSLException.class);
    if (handshake != null || (tls && mentions(failure, "ssl", "tls", "handshake", "certificate"))) {
      return "TLS handshake with " + target + " failed: " + tlsReason(failure, handshake, clientCertificate);
    }
    String detail = String.valueOf(root(failure).getMessage());
    if (!tls && mentions(failure, "closed", "reset")) {
      return "cannot reach the ledger at " + target + ": " + detail
          + " (if it serves TLS, pass --tls, or --ca with its CA)";
    }
    return "cannot reach the ledger at " + target + ": " + detail;
  }

  private static String tlsReason(Throwable failure, SSLException handshake, boolean clientCertificate) {
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
    // The JDK's server answers a missing client certificate with bad_certificate too, so say what was sent.
    if (mentions(failure, "certificate_required", "bad_certificate", "unknown_ca", "certificate_unknown",
        "decrypt_error")) {
      return clientCertificate
          ? "the server refused the client certificate; pass --cert and --key issued by a CA it trusts"
          : "the server requires a client certificate; pass --cert and --key";
    }
    if (mentions(failure, "not an ssl/tls record")) {
      return "the server does not speak TLS there; leave out --tls and --ca";
    }
    return String.valueOf((handshake != null ? handshake : root(failure)).getMessage());
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause : causes(failure)) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static boolean mentions(Throwable failure, String... words) {
    for (Throwable cause : causes(failure)) {
      String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      for (String word : words) {
        if (message.contains(word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The failure, its causes, and what was attached to each (GrpcCalls attaches the connection's TLS alert). */
  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> all = new ArrayList<>();
    Deque<Throwable> next = new ArrayDeque<>(List.of(failure));
    while (!next.isEmpty() && all.size() < 32) {
      Throwable cause = next.pop();
      if (all.stream().anyMatch(seen -> seen == cause)) {
        continue;
      }
      all.add(cause);
      if (cause.getCause() != null) {
        next.add(cause.getCause());
      }
      next.addAll(List.of(cause.getSuppressed()));
    }
    return all;
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
