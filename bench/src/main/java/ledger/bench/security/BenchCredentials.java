package ledger.bench.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.vertx.core.json.JsonObject;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.TestCertificates;

/**
 * What a secured run needs, made by the benchmark itself into its results folder: a CA and a
 * server certificate for 127.0.0.1 and localhost (EC P-256, testkit's TestCertificates), an RS256
 * key pair, and one token
 * with every scope. Throwaway material: it signs nothing but this run.
 *
 * @param caCertificate     the CA the load runner trusts ({@code cacert})
 * @param serverCertificate {@code --tls-cert}
 * @param serverKey         {@code --tls-key}
 * @param jwtPublicKey      {@code --jwt-public-key} (PEM, "BEGIN PUBLIC KEY")
 * @param jwtPrivateKey     the signing key, kept so that a rerun can mint a fresh token
 * @param token             the bearer token, also in {@code token.jwt}
 */
record BenchCredentials(Path caCertificate, Path serverCertificate, Path serverKey, Path jwtPublicKey,
                        Path jwtPrivateKey, String token) {

  static final String ISSUER = "https://ledger-bench.invalid";
  static final String AUDIENCE = "ledger";
  static final String SUBJECT = "security-bench";
  static final String SCOPES = "ledger.write ledger.read ledger.admin";

  /** Writes the files into {@code dir}; the token is valid from a minute ago for {@code validity}. */
  static BenchCredentials create(Path dir, Duration validity) {
    try {
      Files.createDirectories(dir);
      Authority ca = TestCertificates.in(dir).authority("security-bench");
      Issued server = ca.server("server");
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      KeyPair jwt = rsa.generateKeyPair();
      Path publicKey = Files.writeString(dir.resolve("jwt-public.pem"), pem("PUBLIC KEY", jwt.getPublic().getEncoded()));
      Path privateKey = Files.writeString(dir.resolve("jwt-private.pem"),
          pem("PRIVATE KEY", jwt.getPrivate().getEncoded()));
      Instant now = Instant.now();
      String token = Jwts.rs256(claims(now, validity), jwt.getPrivate());
      Files.writeString(dir.resolve("token.jwt"), token + "\n");
      return new BenchCredentials(ca.certificateFile(), server.certificateFile(), server.keyFile(), publicKey,
          privateKey, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text: base64 in lines of 64 between the BEGIN and END lines of {@code type}. */
  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static JsonObject claims(Instant now, Duration validity) {
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", SUBJECT)
        .put("scope", SCOPES)
        .put("iat", now.getEpochSecond())
        .put("nbf", now.minusSeconds(60).getEpochSecond())
        .put("exp", now.plus(validity).getEpochSecond());
  }
}
