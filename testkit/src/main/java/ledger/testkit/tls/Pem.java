package ledger.testkit.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files as TLS tools write them. */
final class Pem {

  private Pem() {
  }

  static void writeCertificates(Path file, X509Certificate... certificates) {
    write(file, pem -> {
      for (X509Certificate certificate : certificates) {
        pem.writeObject(certificate);
      }
    });
  }

  /** {@code -----BEGIN PRIVATE KEY-----}: PKCS#8, unencrypted. */
  static void writePkcs8Key(Path file, PrivateKey key) {
    write(file, pem -> pem.writeObject(new JcaPKCS8Generator(key, null)));
  }

  /**
   * {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1) or {@code -----BEGIN EC PRIVATE KEY-----} (SEC 1).
   * The SEC 1 form carries its curve and public key, as openssl writes it (a form without the
   * curve is legal, but Vert.x 5.0.7 does not read it).
   */
  static void writeTraditionalKey(Path file, KeyPair keys) {
    if (!keys.getPrivate().getAlgorithm().equals("EC")) {
      write(file, pem -> pem.writeObject(keys));
      return;
    }
    write(file, pem -> {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      ECPrivateKey bare = ECPrivateKey.getInstance(info.parsePrivateKey());
      ASN1BitString publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
      ECPrivateKey full = new ECPrivateKey(256, bare.getKey(), publicKey, info.getPrivateKeyAlgorithm().getParameters());
      pem.writeObject(new PemObject("EC PRIVATE KEY", full.getEncoded()));
    });
  }

  private interface Body {
    void to(JcaPEMWriter pem) throws IOException;
  }

  private static void write(Path file, Body body) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      body.to(pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
