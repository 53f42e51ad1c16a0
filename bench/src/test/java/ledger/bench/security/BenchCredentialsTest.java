package ledger.bench.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's own token passes vertx-auth-jwt (what the server verifies with) against its public key file. */
class BenchCredentialsTest {

  @TempDir
  static Path dir;
  private static BenchCredentials credentials;
  private static Vertx vertx;
  private static JWTAuth auth;

  @BeforeAll
  static void make() throws Exception {
    credentials = BenchCredentials.create(dir, Duration.ofHours(1));
    vertx = Vertx.vertx();
    auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
            .setBuffer(Buffer.buffer(Files.readString(credentials.jwtPublicKey()))))
        .setJWTOptions(new JWTOptions().setIssuer(BenchCredentials.ISSUER)
            .setAudience(java.util.List.of(BenchCredentials.AUDIENCE))));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static User verify(String token) throws Exception {
    return auth.authenticate(new TokenCredentials(token)).await(10, TimeUnit.SECONDS);
  }

  @Test
  void the_token_verifies_with_the_public_key_and_carries_subject_issuer_audience_and_every_scope() throws Exception {
    User user = verify(credentials.token());
    assertThat(user.principal().getString("sub")).isEqualTo(BenchCredentials.SUBJECT);
    assertThat(user.principal().getString("iss")).isEqualTo(BenchCredentials.ISSUER);
    assertThat(user.principal().getString("scope")).isEqualTo("ledger.write ledger.read ledger.admin");
    assertThat(Files.readString(dir.resolve("token.jwt")).trim()).isEqualTo(credentials.token());
  }

  @Test
  void a_token_with_a_changed_payload_is_refused() {
    String[] parts = credentials.token().split("\\.");
    String other = Jwts.rs256(BenchCredentials.claims(java.time.Instant.now(), Duration.ofHours(1))
        .put("sub", "someone-else"), generateOtherKey());
    String tampered = parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
    assertThatThrownBy(() -> verify(tampered)).isNotNull();
  }

  @Test
  void the_files_are_pem() throws Exception {
    assertThat(Files.readString(credentials.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(credentials.serverCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(credentials.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(credentials.jwtPublicKey())).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  private static java.security.PrivateKey generateOtherKey() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair().getPrivate();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
