package ledger.testkit.tls;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** A test certificate authority: its certificate file, and the certificates it issues. */
public final class Authority {

  private static final String[] LOOPBACK_NAMES = {"localhost"};
  private static final String[] LOOPBACK_ADDRESSES = {"127.0.0.1"};

  private final TestCertificates files;
  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path certificateFile;

  Authority(TestCertificates files, String name, KeyPair keys, X509Certificate certificate, Path certificateFile) {
    this.files = files;
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
    this.certificateFile = certificateFile;
  }

  /** The CA's certificate as PEM: what a client trusts ({@code --ca}) or a server asks of clients. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** A server certificate for 127.0.0.1 and localhost (EC key), valid from an hour ago for a day. */
  public Issued server(String fileName) {
    return server(fileName, KeyType.EC);
  }

  public Issued server(String fileName, KeyType type) {
    Instant now = Instant.now();
    return issue(fileName, "O=Ledger tests,CN=" + fileName, type, true, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)), LOOPBACK_NAMES, LOOPBACK_ADDRESSES);
  }

  /** A server certificate that names only {@code dnsName}: a client dialling 127.0.0.1 must refuse it. */
  public Issued serverFor(String fileName, String dnsName) {
    Instant now = Instant.now();
    return issue(fileName, "CN=" + dnsName, KeyType.EC, true, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)), new String[] {dnsName}, new String[0]);
  }

  /** A server certificate for 127.0.0.1 and localhost that expired an hour ago. */
  public Issued expiredServer(String fileName) {
    Instant now = Instant.now();
    return issue(fileName, "O=Ledger tests,CN=" + fileName, KeyType.EC, true, now.minus(Duration.ofDays(2)),
        now.minus(Duration.ofHours(1)), LOOPBACK_NAMES, LOOPBACK_ADDRESSES);
  }

  /**
   * A client certificate for mutual TLS, with subject {@code CN=commonName,O=Ledger tests} as RFC 2253
   * prints it (most specific first; the encoding holds O before CN).
   */
  public Issued client(String commonName) {
    Instant now = Instant.now();
    return issue(commonName, "O=Ledger tests,CN=" + commonName, KeyType.EC, false,
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), new String[0], new String[0]);
  }

  /** A client certificate for mutual TLS with exactly {@code subject} (an X.500 name), in files named {@code fileName}. */
  public Issued client(String fileName, String subject) {
    Instant now = Instant.now();
    return issue(fileName, subject, KeyType.EC, false, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
        new String[0], new String[0]);
  }

  private Issued issue(String fileName, String subject, KeyType type, boolean server, Instant notBefore,
                       Instant notAfter, String[] dnsNames, String[] addresses) {
    KeyPair leafKeys = type.generate();
    X509Certificate leaf = X509Builder.leaf(subject, leafKeys.getPublic(), certificate, keys,
        TestCertificates.nextSerial(), notBefore, notAfter, server, dnsNames, addresses);
    Path cert = files.file(fileName + ".crt");
    Path key = files.file(fileName + ".key");
    Pem.writeCertificates(cert, leaf);
    Pem.writePkcs8Key(key, leafKeys.getPrivate());
    return new Issued(cert, key, leaf, leafKeys, certificateFile);
  }

  @Override
  public String toString() {
    return "test CA " + name;
  }
}
