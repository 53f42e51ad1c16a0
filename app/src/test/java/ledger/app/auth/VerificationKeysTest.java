package ledger.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.app.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only RS256 and ES256 public keys are ever trusted. With no key at all vertx-auth-jwt 5.0.7
 * would accept unsigned tokens, so a key source that yields none stops the start.
 */
class VerificationKeysTest {

  private static final TestIssuer issuer = new TestIssuer();

  @TempDir
  Path dir;

  @Test
  void a_jwks_and_pem_files_with_usable_keys_load() {
    assertThat(VerificationKeys.load(issuer.jwks, List.of(issuer.ecPem, issuer.rsaPem)).getJwks()).hasSize(1);
    assertThat(VerificationKeys.load(null, List.of(issuer.ecPem, issuer.rsaPem)).getPubSecKeys()).hasSize(2);
  }

  @Test
  void a_jwks_with_no_usable_key_stops_the_start_and_symmetric_or_foreign_keys_are_skipped() throws Exception {
    Path jwks = write("jwks.json", new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("kty", "oct").put("alg", "HS256"))
        .add(issuer.ecJwk().put("alg", "ES384"))
        .add(issuer.ecJwk().put("use", "enc"))).encode());
    Path empty = write("empty.json", "{\"keys\": []}");

    assertThatThrownBy(() -> VerificationKeys.load(jwks, List.of())).hasMessageContaining("no RS256 or ES256 public key");
    assertThatThrownBy(() -> VerificationKeys.load(empty, List.of())).hasMessageContaining("no RS256 or ES256 public key");
    assertThat(VerificationKeys.load(write("mixed.json", new JsonObject().put("keys", new JsonArray()
        .add(issuer.ecJwk().put("alg", "ES384")).add(issuer.ecJwk())).encode()), List.of()).getJwks())
        .singleElement().satisfies(key -> assertThat(key.getString("alg")).isEqualTo("ES256"));
  }

  @Test
  void private_or_secret_key_material_is_refused_outright() throws Exception {
    Path secret = write("secret.json", new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("kty", "oct").put("k", "c2VjcmV0")).add(issuer.ecJwk())).encode());
    Path privatePem = write("private.pem", TestIssuer.pem("PRIVATE KEY", issuer.rsa.getPrivate().getEncoded()));

    assertThatThrownBy(() -> VerificationKeys.load(secret, List.of())).hasMessageContaining("private or secret");
    assertThatThrownBy(() -> VerificationKeys.load(null, List.of(privatePem))).hasMessageContaining("private key");
  }

  @Test
  void weak_rsa_and_curves_other_than_p256_are_refused() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    Path weak = write("weak.pem", TestIssuer.pem("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded()));
    Path p384 = write("p384.pem", TestIssuer.pem("PUBLIC KEY", ec.generateKeyPair().getPublic().getEncoded()));

    assertThatThrownBy(() -> VerificationKeys.load(null, List.of(weak))).hasMessageContaining("1024 bits");
    assertThatThrownBy(() -> VerificationKeys.load(null, List.of(p384))).hasMessageContaining("EC P-256");
  }

  @Test
  void a_weak_rsa_key_in_the_jwks_is_skipped_as_in_a_pem_file() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    java.security.interfaces.RSAPublicKey weak = (java.security.interfaces.RSAPublicKey) rsa.generateKeyPair().getPublic();
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    JsonObject weakJwk = new JsonObject().put("kty", "RSA").put("kid", "weak").put("use", "sig")
        .put("n", b64.encodeToString(new java.math.BigInteger(1, weak.getModulus().toByteArray()).toByteArray()))
        .put("e", b64.encodeToString(weak.getPublicExponent().toByteArray()));
    Path onlyWeak = write("weak.json", new JsonObject().put("keys", new JsonArray().add(weakJwk)).encode());
    Path mixed = write("weak-and-ec.json", new JsonObject().put("keys", new JsonArray().add(weakJwk)
        .add(issuer.ecJwk())).encode());

    assertThatThrownBy(() -> VerificationKeys.load(onlyWeak, List.of())).hasMessageContaining("no RS256 or ES256 public key");
    assertThat(VerificationKeys.load(mixed, List.of()).getJwks())
        .singleElement().satisfies(key -> assertThat(key.getString("alg")).isEqualTo("ES256"));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
