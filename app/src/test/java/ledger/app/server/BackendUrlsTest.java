package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TLS parameters of the backend URLs turn into; BackendTlsIT proves them against
 * servers that speak only TLS.
 */
class BackendUrlsTest {

  private static final String PG = "postgresql://ledger:secret@db.example.net:5432/ledger";

  @TempDir
  Path dir;

  @Test
  void a_postgresql_url_without_sslmode_is_plaintext_as_vertx_has_it_not_prefer_as_libpq() {
    PgConnectOptions options = PostgresUrl.options(PG);

    assertThat(options.getSslMode()).isEqualTo(SslMode.DISABLE);
    assertThat(options.getSslOptions()).isNull();
    assertThat(options.getUser()).isEqualTo("ledger");
    assertThat(options.getDatabase()).isEqualTo("ledger");
  }

  @Test
  void verify_full_trusts_sslrootcert_and_checks_the_host_name_and_verify_ca_only_the_chain() throws IOException {
    Path ca = file("ca.pem");

    ClientSSLOptions full = PostgresUrl.options(PG + "?sslmode=verify-full&sslrootcert=" + ca).getSslOptions();
    ClientSSLOptions chain = PostgresUrl.options(PG + "?sslmode=verify-ca&sslrootcert=" + ca).getSslOptions();

    assertThat(full.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(((PemTrustOptions) full.getTrustOptions()).getCertPaths()).containsExactly(ca.toString());
    assertThat(full.isTrustAll()).isFalse();
    assertThat(chain.getHostnameVerificationAlgorithm()).isEmpty();
    assertThat(((PemTrustOptions) chain.getTrustOptions()).getCertPaths()).containsExactly(ca.toString());
  }

  @Test
  void require_verifies_the_chain_only_when_given_a_root_certificate_as_libpq_does() throws IOException {
    Path ca = file("ca.pem");

    assertThat(PostgresUrl.options(PG + "?sslmode=require").getSslOptions().isTrustAll()).isTrue();
    ClientSSLOptions rooted = PostgresUrl.options(PG + "?sslmode=require&sslrootcert=" + ca).getSslOptions();
    assertThat(rooted.isTrustAll()).isFalse();
    assertThat(rooted.getTrustOptions()).isInstanceOf(PemTrustOptions.class);
    assertThat(rooted.getHostnameVerificationAlgorithm()).isEmpty();
  }

  @Test
  void without_sslrootcert_or_with_system_verification_uses_the_jvm_trust_store() {
    PgConnectOptions system = PostgresUrl.options(PG + "?sslrootcert=system");
    PgConnectOptions none = PostgresUrl.options(PG + "?sslmode=verify-full");

    assertThat(system.getSslMode()).as("libpq 16: system roots imply verify-full").isEqualTo(SslMode.VERIFY_FULL);
    assertThat(system.getSslOptions().getTrustOptions()).isNotNull().isNotInstanceOf(PemTrustOptions.class);
    assertThat(none.getSslOptions().getTrustOptions()).isNotNull().isNotInstanceOf(PemTrustOptions.class);
    assertThatThrownBy(() -> PostgresUrl.options(PG + "?sslmode=require&sslrootcert=system"))
        .hasMessage("PostgreSQL URL: sslrootcert=system needs sslmode=verify-full (as libpq), not require");
  }

  @Test
  void a_client_certificate_needs_both_files_and_every_file_must_be_readable() throws IOException {
    Path cert = file("client.pem");
    Path key = file("client.key");

    PemKeyCertOptions client = (PemKeyCertOptions) PostgresUrl.options(PG + "?sslmode=verify-full&sslcert=" + cert
        + "&sslkey=" + key).getSslOptions().getKeyCertOptions();
    assertThat(client.getCertPaths()).containsExactly(cert.toString());
    assertThat(client.getKeyPaths()).containsExactly(key.toString());
    assertThatThrownBy(() -> PostgresUrl.options(PG + "?sslmode=verify-full&sslcert=" + cert))
        .hasMessageContaining("sslcert and sslkey go together");
    assertThatThrownBy(() -> PostgresUrl.options(PG + "?sslmode=verify-full&sslrootcert=/no/such/ca.pem"))
        .hasMessage("PostgreSQL URL: sslrootcert /no/such/ca.pem is not a readable file");
  }

  @Test
  void rediss_checks_the_host_name_and_trusts_the_given_ca_and_redis_refuses_tls_files() throws IOException {
    Path ca = file("redis-ca.pem");
    NetClientOptions tls = new NetClientOptions();
    NetClientOptions jvm = new NetClientOptions();

    new RedisTls(ca, null, null).applyTo("rediss://cache.example.net:6380", tls);
    RedisTls.jvmTrustStore().applyTo("rediss://:pw@cache.example.net:6380/0", jvm);

    assertThat(tls.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(((PemTrustOptions) tls.getTrustOptions()).getCertPaths()).containsExactly(ca.toString());
    assertThat(jvm.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(jvm.getTrustOptions()).isNull();
    assertThatThrownBy(() -> new RedisTls(ca, null, null).applyTo("redis://cache.example.net:6379", new NetClientOptions()))
        .hasMessageContaining("the Redis URL is not rediss://");
  }

  @Test
  void a_backend_off_loopback_reached_in_plaintext_or_unverified_is_named_in_a_warning() throws IOException {
    Path ca = file("ca.pem");

    assertThat(UnverifiedBackends.warnings(PostgresUrl.options(PG), "redis://cache.example.net:6379")).containsExactly(
        "PostgreSQL at db.example.net:5432 is reached in plaintext (no sslmode, or sslmode=disable); "
            + "add sslmode=verify-full",
        "Redis at cache.example.net:6379 is reached in plaintext (redis://); use rediss://");
    assertThat(UnverifiedBackends.warnings(PostgresUrl.options(PG + "?sslmode=require"), null)).singleElement()
        .asString().contains("sslmode=require and no sslrootcert");
    assertThat(UnverifiedBackends.warnings(PostgresUrl.options(PG + "?sslmode=prefer"), null)).singleElement()
        .asString().contains("it may fall back to plaintext");
    assertThat(UnverifiedBackends.warnings(PostgresUrl.options(PG + "?sslmode=verify-ca&sslrootcert=" + ca),
        "rediss://cache.example.net:6380")).isEmpty();
    assertThat(UnverifiedBackends.warnings(PostgresUrl.options("postgresql://u:p@127.0.0.1:5432/ledger"),
        "redis://localhost:6379")).as("loopback: ./ledger serve's embedded servers").isEmpty();
  }

  private Path file(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "not read until a connection is made");
  }
}
