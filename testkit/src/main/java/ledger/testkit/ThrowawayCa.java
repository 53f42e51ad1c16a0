package ledger.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test or benchmark run, and the certificates it signs, as
 * PEM: EC P-256 keys (quick to make), valid from an hour ago for a day. Nothing here is fit for
 * anything but tests: the keys live in memory and in the files the caller names.
 */
public final class ThrowawayCa {

  /** A certificate and its private key, PEM (the key as PKCS#8, "BEGIN PRIVATE KEY"). */
  public record Issued(String certificatePem, String privateKeyPem) {

    /** Writes both files and returns them (certificate, key). */
    public List<Path> write(Path certificate, Path privateKey) {
      try {
        Files.writeString(certificate, certificatePem);
        Files.writeString(privateKey, privateKeyPem);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return List.of(certificate, privateKey);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private ThrowawayCa(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  public static ThrowawayCa create(String commonName) {
    X500Name name = new X500Name("CN=" + commonName);
    KeyPair keys = ecKeys();
    try {
      X509v3CertificateBuilder b = builder(name, name, keys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new ThrowawayCa(name, keys, sign(b, keys.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA's own certificate, PEM: what a client trusts. */
  public String certificatePem() {
    return pem("CERTIFICATE", encoded(certificate));
  }

  public Path writeCertificate(Path file) {
    try {
      return Files.writeString(file, certificatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server certificate for these DNS names and IP addresses (subject alternative names). */
  public Issued server(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(commonName, KeyPurposeId.id_kp_serverAuth, names);
  }

  /** A client certificate for mutual TLS; its subject is {@code CN=commonName}. */
  public Issued client(String commonName) {
    return issue(commonName, KeyPurposeId.id_kp_clientAuth, List.of());
  }

  private Issued issue(String commonName, KeyPurposeId purpose, List<GeneralName> names) {
    KeyPair leaf = ecKeys();
    try {
      X509v3CertificateBuilder b = builder(name, new X500Name("CN=" + commonName), leaf)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (!names.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      X509Certificate cert = sign(b, keys.getPrivate());
      return new Issued(pem("CERTIFICATE", encoded(cert)), pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text: base64 in lines of 64 between the BEGIN and END lines of {@code type}. */
  public static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
