package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import ledger.app.server.AuthSettings;

/**
 * A token issuer for tests: an RSA key published in a JWKS file and an EC P-256 key in a PEM
 * file, both made here, and tokens signed with them (by vertx-auth-jwt, or by hand for the
 * hostile ones a real issuer would never sign).
 */
public final class TestIssuer {

  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "ledger";
  public static final String RSA_KID = "rsa-1";

  public final KeyPair rsa;
  public final KeyPair ec;
  public final Path jwks;
  public final Path ecPem;
  public final Path rsaPem;

  public TestIssuer() {
    try {
      KeyPairGenerator rsaKeys = KeyPairGenerator.getInstance("RSA");
      rsaKeys.initialize(2048);
      rsa = rsaKeys.generateKeyPair();
      KeyPairGenerator ecKeys = KeyPairGenerator.getInstance("EC");
      ecKeys.initialize(new ECGenParameterSpec("secp256r1"));
      ec = ecKeys.generateKeyPair();
      Path dir = Files.createTempDirectory("ledger-issuer");
      jwks = dir.resolve("jwks.json");
      ecPem = dir.resolve("ec-public.pem");
      rsaPem = dir.resolve("rsa-public.pem");
      RSAPublicKey publicRsa = (RSAPublicKey) rsa.getPublic();
      Files.writeString(jwks, new JsonObject().put("keys", new JsonArray().add(new JsonObject()
          .put("kty", "RSA").put("kid", RSA_KID).put("use", "sig").put("alg", "RS256")
          .put("n", b64(unsigned(publicRsa.getModulus()))).put("e", b64(unsigned(publicRsa.getPublicExponent()))))).encodePrettily());
      Files.writeString(ecPem, pem("PUBLIC KEY", ec.getPublic().getEncoded()));
      Files.writeString(rsaPem, pem("PUBLIC KEY", rsa.getPublic().getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RSA key from the JWKS file, the EC key from the PEM file. */
  public AuthSettings settings() {
    return AuthSettings.jwt(jwks, List.of(ecPem), ISSUER, List.of(AUDIENCE));
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Claims a real issuer would sign for a caller allowed every scope: valid for five minutes. */
  public static JsonObject claims() {
    long now = now();
    return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "svc-payments")
        .put("iat", now).put("exp", now + 300).put("scope", "ledger.read ledger.write ledger.admin");
  }

  /** RS256 by vertx-auth-jwt, with the JWKS key's kid. */
  public String rs256(Vertx vertx, JsonObject claims) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setId(RSA_KID).setBuffer(pem("PRIVATE KEY", rsa.getPrivate().getEncoded()))));
    return signer.generateToken(claims.copy(), new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  /** ES256 by vertx-auth-jwt. */
  public String es256(Vertx vertx, JsonObject claims) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("ES256").setBuffer(pem("PRIVATE KEY", ec.getPrivate().getEncoded()))));
    return signer.generateToken(claims.copy(), new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true));
  }

  /** RS256 by hand, with any header: what a hostile caller or a careless issuer can send. */
  public String byHand(JsonObject header, JsonObject claims) {
    String input = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(rsa.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * ES256 with 64 random bytes for a signature: what a flood of forged tokens looks like, each
   * one costing the server a full ECDSA verification to refuse. Each call makes another token.
   */
  public static String forgedEs256(JsonObject claims) {
    byte[] signature = new byte[64];
    new java.security.SecureRandom().nextBytes(signature);
    return b64(new JsonObject().put("alg", "ES256").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + b64(signature);
  }

  /** Unsigned: {@code alg: none}, with the empty signature of RFC 7519 §6. */
  public static String unsigned(JsonObject claims) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /** HS256 keyed with the server's own public key (the PEM text, and the DER bytes): the algorithm-confusion attack. */
  public List<String> hmacWithPublicKey(JsonObject claims) {
    String input = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8))
        + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      byte[] pemText = Files.readAllBytes(rsaPem);
      return List.of(input + "." + b64(hmac(pemText, input)), input + "." + b64(hmac(rsa.getPublic().getEncoded(), input)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The token with its payload replaced by {@code claims}, its header and signature kept. */
  public static String tampered(String token, JsonObject claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  private static byte[] hmac(byte[] key, String input) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  public static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + kind + "-----\n";
  }

  /** The EC public key, for a JWKS of its own. */
  public JsonObject ecJwk() {
    ECPublicKey key = (ECPublicKey) ec.getPublic();
    return new JsonObject().put("kty", "EC").put("crv", "P-256")
        .put("x", b64(fixed(key.getW().getAffineX()))).put("y", b64(fixed(key.getW().getAffineY())));
  }

  private static byte[] fixed(BigInteger coordinate) {
    byte[] bytes = unsigned(coordinate);
    byte[] out = new byte[32];
    System.arraycopy(bytes, 0, out, 32 - bytes.length, bytes.length);
    return out;
  }
}
