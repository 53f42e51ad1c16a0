package ledger.testkit.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key algorithms a ledger's certificates may use (those Vert.x 5.0.7 reads from PEM). */
public enum KeyType {
  EC("SHA256withECDSA"),
  RSA("SHA256withRSA");

  private final String signatureAlgorithm;

  KeyType(String signatureAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
  }

  String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  KeyPair generate() {
    try {
      if (this == EC) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyType of(KeyPair keys) {
    return keys.getPrivate().getAlgorithm().equals("EC") ? EC : RSA;
  }
}
