package ledger.testkit.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
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
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** X.509 v3 certificates with the extensions TLS stacks check: CA constraints, key usages, names. */
final class X509Builder {

  private X509Builder() {
  }

  static X509Certificate authority(String name, KeyPair keys, long serial, Instant notBefore, Instant notAfter) {
    X500Name subject = new X500Name("O=Ledger tests,CN=" + name + " test CA");
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(serial),
          Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate leaf(String subject, PublicKey key, X509Certificate issuer, KeyPair issuerKeys, long serial,
                              Instant notBefore, Instant notAfter, boolean server, String[] dnsNames,
                              String[] addresses) {
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      int usage = KeyUsage.digitalSignature | (key.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
          Date.from(notBefore), Date.from(notAfter), new X500Name(subject), key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(key))
          .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(issuer));
      List<GeneralName> names = new ArrayList<>();
      for (String dns : dnsNames) {
        names.add(new GeneralName(GeneralName.dNSName, dns));
      }
      for (String address : addresses) {
        names.add(new GeneralName(GeneralName.iPAddress, address));
      }
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(names.toArray(new GeneralName[0])));
      }
      return sign(builder, issuerKeys.getPrivate());
    } catch (CertIOException | java.security.NoSuchAlgorithmException
             | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
    try {
      String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
