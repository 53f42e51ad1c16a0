package ledger.app.server;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * TLS files that were checked and can be served: the key belongs to the certificate and the client
 * CAs parse. Parsing goes through Vert.x's own PEM reader, so what passes here is what Vert.x serves.
 * Vert.x itself accepts a key of another certificate and fails only in every handshake.
 */
final class TlsMaterial {

  static final String KEY_FORMATS = "PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC 1 "
      + "(BEGIN EC PRIVATE KEY), unencrypted, RSA or EC";

  private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

  private final TlsSettings settings;
  private final TlsFiles files;
  private final X509Certificate leaf;

  private TlsMaterial(TlsSettings settings, TlsFiles files, X509Certificate leaf) {
    this.settings = settings;
    this.files = files;
    this.leaf = leaf;
  }

  /** Reads and checks the files; blocking. Throws {@link InvalidTlsFiles} saying what is wrong. */
  static TlsMaterial load(TlsSettings settings) {
    return check(settings, TlsFiles.read(settings));
  }

  static TlsMaterial check(TlsSettings settings, TlsFiles files) {
    PemKeyCertOptions keyCert = keyCert(files);
    X509KeyManager keys = keyManager(settings, keyCert);
    String alias = keys.getServerAliases("RSA", null) != null ? keys.getServerAliases("RSA", null)[0]
        : keys.getServerAliases("EC", null) != null ? keys.getServerAliases("EC", null)[0] : null;
    if (alias == null) {
      throw new InvalidTlsFiles("--tls-key " + settings.key() + " is neither an RSA nor an EC key");
    }
    X509Certificate leaf = keys.getCertificateChain(alias)[0];
    requireSameKey(settings, keys.getPrivateKey(alias), leaf);
    if (files.clientCa() != null) {
      requireCertificates(settings, files);
    }
    return new TlsMaterial(settings, files, leaf);
  }

  private static PemKeyCertOptions keyCert(TlsFiles files) {
    return new PemKeyCertOptions().setKeyValue(Buffer.buffer(files.key())).setCertValue(Buffer.buffer(files.certificate()));
  }

  /** Vert.x's reading of the pair (values only, so no Vert.x instance is needed). */
  private static X509KeyManager keyManager(TlsSettings settings, PemKeyCertOptions keyCert) {
    try {
      for (KeyManager manager : keyCert.getKeyManagerFactory(null).getKeyManagers()) {
        if (manager instanceof X509KeyManager x509) {
          return x509;
        }
      }
      throw new InvalidTlsFiles("--tls-cert " + settings.certificate() + " holds no X.509 certificate");
    } catch (InvalidTlsFiles e) {
      throw e;
    } catch (Exception e) {
      String reason = String.valueOf(e.getMessage());
      if (reason.contains("does not match")) { // an RSA key with an EC certificate, or the reverse
        throw mismatch(settings, null);
      }
      if (reason.contains("CERTIFICATE")) {
        throw new InvalidTlsFiles("--tls-cert " + settings.certificate() + " holds no PEM certificate: " + reason);
      }
      throw new InvalidTlsFiles("--tls-key " + settings.key() + " is not a private key this server reads ("
          + KEY_FORMATS + "): " + reason);
    }
  }

  /** The key signs, the certificate's public key verifies: they belong together (RSA and EC alike). */
  private static void requireSameKey(TlsSettings settings, PrivateKey key, X509Certificate leaf) {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // an EC key against an RSA certificate, or the reverse
    }
    if (!matches) {
      throw mismatch(settings, leaf);
    }
  }

  private static InvalidTlsFiles mismatch(TlsSettings settings, X509Certificate leaf) {
    return new InvalidTlsFiles("--tls-key " + settings.key() + " does not belong to the certificate in --tls-cert "
        + settings.certificate() + (leaf == null ? "" : " (" + describe(leaf) + ")"));
  }

  private static void requireCertificates(TlsSettings settings, TlsFiles files) {
    Collection<? extends Certificate> authorities;
    try {
      authorities = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(files.clientCa()));
    } catch (Exception e) {
      throw new InvalidTlsFiles("--tls-client-ca " + settings.clientCa() + " holds no PEM CA certificate: "
          + e.getMessage());
    }
    // Vert.x reads PEM only; the JDK would take DER as well
    if (authorities.isEmpty() || !new String(files.clientCa(), StandardCharsets.US_ASCII).contains(PEM_CERTIFICATE)) {
      throw new InvalidTlsFiles("--tls-client-ca " + settings.clientCa() + " holds no PEM CA certificate");
    }
  }

  /** The gRPC port's TLS: ALPN for HTTP/2, and the client certificate it requires under mutual TLS. */
  ServerSSLOptions grpcOptions() {
    ServerSSLOptions options = httpOptions();
    if (files.clientCa() != null) {
      options.setClientAuth(ClientAuth.REQUIRED)
          .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(files.clientCa())));
    }
    return options;
  }

  /**
   * The HTTP port's TLS: never a client certificate, so Kubernetes probes and scrapers that have
   * none still read /health and /metrics. Every update replaces all TLS settings, so each is built whole.
   */
  ServerSSLOptions httpOptions() {
    return new ServerSSLOptions().setKeyCertOptions(keyCert(files)).setUseAlpn(true);
  }

  TlsFiles files() {
    return files;
  }

  TlsSettings settings() {
    return settings;
  }

  X509Certificate certificate() {
    return leaf;
  }

  boolean expired(Instant now) {
    return leaf.getNotAfter().toInstant().isBefore(now);
  }

  String describe() {
    return describe(leaf);
  }

  private static String describe(X509Certificate certificate) {
    return "subject " + certificate.getSubjectX500Principal().getName() + ", serial "
        + certificate.getSerialNumber().toString(16) + ", valid until " + certificate.getNotAfter().toInstant();
  }
}
