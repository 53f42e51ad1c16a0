package ledger.testkit.tls;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * A certificate and its private key, as PEM files: the certificate alone (no chain) and the key
 * in PKCS#8 ({@code BEGIN PRIVATE KEY}, unencrypted).
 *
 * @param authorityFile the issuing CA's certificate
 */
public record Issued(Path certificateFile, Path keyFile, X509Certificate certificate, KeyPair keys,
                     Path authorityFile) {

  public BigInteger serial() {
    return certificate.getSerialNumber();
  }

  /** The subject as RFC 2253 text, e.g. {@code CN=teller,O=Ledger tests}. */
  public String subject() {
    return certificate.getSubjectX500Principal().getName();
  }

  /**
   * The key written again in its algorithm's traditional PEM form ({@code BEGIN RSA PRIVATE KEY},
   * PKCS#1, or {@code BEGIN EC PRIVATE KEY}, SEC 1), as openssl and cert-manager may write it.
   */
  public Path traditionalKeyFile() {
    Path file = keyFile.resolveSibling(keyFile.getFileName() + ".traditional");
    Pem.writeTraditionalKey(file, keys);
    return file;
  }
}
