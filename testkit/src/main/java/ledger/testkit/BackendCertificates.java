package ledger.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and the certificates they issue to PostgreSQL and Redis (and to the
 * ledger as their client), made in the test and written as PEM files into a folder: the CA
 * certificate, each certificate, and each private key (PKCS#8, mode 0600, which PostgreSQL
 * insists on). EC P-256 keys: generated in milliseconds, understood by OpenSSL and the JDK alike.
 */
public final class BackendCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;

  private BackendCertificates(Path dir) {
    this.dir = dir;
  }

  /** Certificates written into {@code dir}, which must exist. */
  public static BackendCertificates in(Path dir) {
    return new BackendCertificates(dir);
  }

  /** A new self-signed CA; its certificate is written to {@code <name>-ca.pem}. */
  public Authority authority(String name) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(subject, subject, keys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys);
      Path file = dir.resolve(name + "-ca.pem");
      writePem(file, "CERTIFICATE", certificate.getEncoded());
      return new Authority(subject, keys, certificate, file);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not make CA " + name, e);
    }
  }

  /** A CA: issues certificates; {@link #certificateFile()} is what a client trusts. */
  public final class Authority {
    private final X500Name subject;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path certificateFile;

    private Authority(X500Name subject, KeyPair keys, X509Certificate certificate, Path certificateFile) {
      this.subject = subject;
      this.keys = keys;
      this.certificate = certificate;
      this.certificateFile = certificateFile;
    }

    public Path certificateFile() {
      return certificateFile;
    }

    /** A server certificate valid for exactly these DNS names (no IP addresses unless listed as such). */
    public Issued server(String name, String... dnsNames) {
      return issue(name, KeyPurposeId.id_kp_serverAuth, dnsNames);
    }

    /**
     * A certificate for a server at IP address {@code ip} that also presents it as a client to its
     * peers (a Redis Cluster node on its TLS cluster bus): serverAuth and clientAuth, the IP as its name.
     */
    public Issued peer(String name, String ip) {
      return issue(name, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
          new GeneralName[] {new GeneralName(GeneralName.iPAddress, ip)});
    }

    /** A client certificate whose subject common name is {@code name}. */
    public Issued client(String name) {
      return issue(name, KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String name, KeyPurposeId purpose, String... dnsNames) {
      GeneralName[] names = new GeneralName[dnsNames.length];
      for (int i = 0; i < dnsNames.length; i++) {
        names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
      }
      return issue(name, new KeyPurposeId[] {purpose}, names);
    }

    private Issued issue(String name, KeyPurposeId[] purposes, GeneralName[] names) {
      KeyPair issued = newKeys();
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder(subject, new X500Name("CN=" + name), issued)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
            .addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(certificate))
            .addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(issued.getPublic()));
        if (names.length > 0) {
          builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        X509Certificate signed = sign(builder, keys);
        Path certFile = dir.resolve(name + "-cert.pem");
        Path keyFile = dir.resolve(name + "-key.pem");
        writePem(certFile, "CERTIFICATE", signed.getEncoded());
        writePem(keyFile, "PRIVATE KEY", issued.getPrivate().getEncoded());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        return new Issued(certFile, keyFile);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("could not issue a certificate to " + name, e);
      }
    }
  }

  /** An issued certificate and its private key, as PEM files. */
  public record Issued(Path certificateFile, Path keyFile) {
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    // an hour back: the servers' clocks and this one's agree, but a certificate made this
    // very second must not be "not yet valid" to a peer that rounds down
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writePem(Path file, String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    try {
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
