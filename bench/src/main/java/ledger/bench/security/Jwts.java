package ledger.bench.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

import io.vertx.core.json.JsonObject;

/**
 * RS256 tokens (RFC 7515/7519, compact form) signed with the JDK alone: what an identity provider
 * hands a service, made here so that a benchmark run has a token the server verifies for real.
 */
final class Jwts {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {
  }

  /** header.payload.signature, the header {"alg":"RS256","typ":"JWT"}. */
  static String rs256(JsonObject claims, PrivateKey key) {
    String signingInput = part(new JsonObject().put("alg", "RS256").put("typ", "JWT")) + "." + part(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token with " + key.getAlgorithm(), e);
    }
  }

  private static String part(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
