package ledger.app.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys tokens are verified against, read once at start-up from a JWKS file and PEM
 * files. Only RS256 (RSA, 2048 bits or more, in either) and ES256 (EC P-256) signing keys are taken: a
 * symmetric key, or a key of another algorithm, is never one a token can be checked with,
 * so an HS256 token "signed" with a public key finds nothing to verify against. A private key
 * is refused outright: it has no business on a server that only verifies.
 */
final class VerificationKeys {

  private static final Logger LOG = LoggerFactory.getLogger(VerificationKeys.class);
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  /** The order of NIST P-256 (secp256r1), the one curve of ES256; secp256k1 has 256 bits too. */
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "k");

  private VerificationKeys() {
  }

  /** Options holding every usable key; fails (IllegalArgumentException) on a bad file or when none is usable. */
  static JWTAuthOptions load(Path jwks, List<Path> pemFiles) {
    JWTAuthOptions options = new JWTAuthOptions();
    int usable = 0;
    if (jwks != null) {
      for (JsonObject key : jwksKeys(jwks)) {
        options.addJwk(key);
        usable++;
      }
    }
    for (Path pem : pemFiles) {
      options.addPubSecKey(pemKey(pem));
      usable++;
    }
    // vertx-auth-jwt 5.0.7 with no key at all accepts unsigned tokens (alg none): never start that way.
    if (usable == 0) {
      throw new IllegalArgumentException("no RS256 or ES256 public key found in "
          + (jwks != null ? jwks : "") + (jwks != null && !pemFiles.isEmpty() ? " and " : "") + pemFiles);
    }
    return options;
  }

  private static List<JsonObject> jwksKeys(Path file) {
    JsonObject set;
    try {
      set = new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --jwt-jwks " + file + ": " + e.getMessage(), e);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("--jwt-jwks " + file + " is not a JSON object", e);
    }
    Object keys = set.getValue("keys");
    if (!(keys instanceof JsonArray array)) {
      throw new IllegalArgumentException("--jwt-jwks " + file + " has no \"keys\" array");
    }
    List<JsonObject> taken = new ArrayList<>();
    for (Object entry : array) {
      if (!(entry instanceof JsonObject key)) {
        throw new IllegalArgumentException("--jwt-jwks " + file + ": every entry of \"keys\" must be an object");
      }
      String name = key.getString("kid", "(no kid)");
      if (PRIVATE_MEMBERS.stream().anyMatch(key::containsKey)) {
        throw new IllegalArgumentException("--jwt-jwks " + file + ": key " + name
            + " holds private or secret key material; give the public keys only");
      }
      String refused = refusal(key);
      if (refused != null) {
        LOG.warn("--jwt-jwks {}: key {} skipped: {}", file, name, refused);
        continue;
      }
      // The algorithm made explicit, so the library files the key under exactly that one.
      taken.add(key.copy().put("alg", "RSA".equals(key.getString("kty")) ? "RS256" : "ES256"));
    }
    return taken;
  }

  /** Why a JWK cannot verify tokens here, or null when it can. */
  private static String refusal(JsonObject key) {
    String use = key.getString("use");
    if (use != null && !use.equals("sig")) {
      return "its use is " + use + ", not sig";
    }
    String kty = key.getString("kty");
    String alg = key.getString("alg");
    if ("RSA".equals(kty)) {
      if (alg != null && !alg.equals("RS256")) {
        return "algorithm " + alg + " is not accepted (RS256 or ES256)";
      }
      // as for a PEM key: a JWKS must not be the way a weak key gets in
      int bits = rsaModulusBits(key.getValue("n"));
      return bits >= 2048 ? null : "its RSA modulus has " + (bits < 0 ? "no readable" : bits + " bits, not")
          + " 2048 bits or more";
    }
    if ("EC".equals(kty)) {
      if (!"P-256".equals(key.getString("crv"))) {
        return "curve " + key.getString("crv") + " is not P-256";
      }
      return alg == null || alg.equals("ES256") ? null : "algorithm " + alg + " is not accepted (RS256 or ES256)";
    }
    return "key type " + kty + " is not accepted (RSA or EC)";
  }

  /** The bit length of a JWK's {@code n} (base64url, big-endian, unsigned), or -1 when it is not one. */
  private static int rsaModulusBits(Object n) {
    if (!(n instanceof String text)) {
      return -1;
    }
    try {
      return new BigInteger(1, Base64.getUrlDecoder().decode(text)).bitLength();
    } catch (IllegalArgumentException notBase64url) {
      return -1;
    }
  }

  private static PubSecKeyOptions pemKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --jwt-public-key " + file + ": " + e.getMessage(),
          new UncheckedIOException(e));
    }
    Matcher block = PEM.matcher(text);
    if (!block.find()) {
      throw new IllegalArgumentException("--jwt-public-key " + file + " holds no PEM block");
    }
    String kind = block.group(1);
    if (kind.contains("PRIVATE")) {
      throw new IllegalArgumentException("--jwt-public-key " + file + " holds a private key; give the public key");
    }
    byte[] der = Base64.getMimeDecoder().decode(block.group(2));
    PublicKey key = switch (kind) {
      case "PUBLIC KEY" -> publicKey(file, der);
      case "CERTIFICATE" -> certificateKey(file, der);
      default -> throw new IllegalArgumentException("--jwt-public-key " + file + " holds a " + kind
          + "; give a PUBLIC KEY or a CERTIFICATE");
    };
    return new PubSecKeyOptions().setAlgorithm(algorithmOf(file, key)).setBuffer(block.group());
  }

  private static PublicKey publicKey(Path file, byte[] der) {
    for (String type : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisType) {
        // try the next
      }
    }
    throw new IllegalArgumentException("--jwt-public-key " + file + " is neither an RSA nor an EC public key");
  }

  private static PublicKey certificateKey(Path file, byte[] der) {
    try {
      return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("--jwt-public-key " + file + " is not a readable certificate", e);
    }
  }

  private static String algorithmOf(Path file, PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("--jwt-public-key " + file + " is an RSA key of "
            + rsa.getModulus().bitLength() + " bits; 2048 or more are required");
      }
      return "RS256";
    }
    if (key instanceof ECPublicKey ec && P256_ORDER.equals(ec.getParams().getOrder())) {
      return "ES256";
    }
    throw new IllegalArgumentException("--jwt-public-key " + file + " is neither RSA nor EC P-256");
  }
}
