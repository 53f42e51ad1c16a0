package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static ledger.app.cli.ServeArgs.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import ledger.app.server.TlsSettings;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.KeyType;
import ledger.testkit.tls.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledger serve}'s TLS flags: plaintext unless asked, every PEM key form Vert.x reads, and
 * each unusable combination a usage error that names the flag, before anything starts.
 */
class TlsServeOptionsTest {

  @TempDir
  static Path dir;
  static Authority ca;
  static Issued ec;
  static Issued rsa;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.in(dir).authority("serve-options");
    ec = ca.server("ec-server", KeyType.EC);
    rsa = ca.server("rsa-server", KeyType.RSA);
  }

  @Test
  void without_flags_both_ports_are_plaintext_and_files_are_read_again_every_ten_seconds() {
    TlsSettings tls = parsed().tls.settings();

    assertThat(tls.enabled()).isFalse();
    assertThat(tls.reloadEvery()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void pkcs8_pkcs1_and_sec1_keys_of_rsa_and_ec_certificates_are_accepted() {
    for (Issued issued : new Issued[] {ec, rsa}) {
      for (Path key : new Path[] {issued.keyFile(), issued.traditionalKeyFile()}) {
        TlsSettings tls = config("--tls-cert", issued.certificateFile().toString(), "--tls-key", key.toString(),
            "--tls-client-ca", ca.certificateFile().toString(), "--tls-reload-ms", "250");

        assertThat(tls.enabled()).as(key.toString()).isTrue();
        assertThat(tls.mutual()).isTrue();
        assertThat(tls.reloadEvery()).isEqualTo(Duration.ofMillis(250));
      }
    }
  }

  @Test
  void a_certificate_without_its_key_or_the_reverse_is_a_usage_error() {
    assertThat(refusal("--tls-cert", ec.certificateFile().toString()))
        .startsWith("TLS needs both --tls-cert and --tls-key, got only --tls-cert");
    assertThat(refusal("--tls-key", ec.keyFile().toString()))
        .startsWith("TLS needs both --tls-cert and --tls-key, got only --tls-key");
    assertThat(refusal("--tls-client-ca", ca.certificateFile().toString()))
        .startsWith("--tls-client-ca (mutual TLS) needs --tls-cert and --tls-key as well");
  }

  @Test
  void a_key_of_another_certificate_is_a_usage_error_naming_both_files() {
    assertThat(refusal("--tls-cert", ec.certificateFile().toString(), "--tls-key", rsa.keyFile().toString()))
        .startsWith("--tls-key " + rsa.keyFile() + " does not belong to the certificate in --tls-cert "
            + ec.certificateFile());
    Issued sameAlgorithm = ca.server("ec-other", KeyType.EC);
    assertThat(refusal("--tls-cert", ec.certificateFile().toString(), "--tls-key", sameAlgorithm.keyFile().toString()))
        .startsWith("--tls-key " + sameAlgorithm.keyFile() + " does not belong to the certificate in --tls-cert "
            + ec.certificateFile() + " (subject " + ec.subject() + ", serial " + ec.serial().toString(16));
  }

  @Test
  void unreadable_or_unparseable_files_are_usage_errors_naming_the_flag() {
    assertThat(refusal("--tls-cert", dir.resolve("missing.crt").toString(), "--tls-key", ec.keyFile().toString()))
        .startsWith("--tls-cert " + dir.resolve("missing.crt") + " cannot be read");
    assertThat(refusal("--tls-cert", ec.certificateFile().toString(), "--tls-key", ec.certificateFile().toString()))
        .startsWith("--tls-key " + ec.certificateFile() + " is not a private key this server reads (PKCS#8");
    assertThat(refusal("--tls-cert", ec.keyFile().toString(), "--tls-key", ec.keyFile().toString()))
        .startsWith("--tls-cert " + ec.keyFile() + " holds no PEM certificate");
    assertThat(refusal("--tls-cert", ec.certificateFile().toString(), "--tls-key", ec.keyFile().toString(),
        "--tls-client-ca", ec.keyFile().toString()))
        .startsWith("--tls-client-ca " + ec.keyFile() + " holds no PEM CA certificate");
    assertThat(refusal("--tls-reload-ms", "0")).startsWith("--tls-reload-ms must be at least 1, got 0");
  }

  private static TlsSettings config(String... args) {
    return parsed(args).config().security().tls();
  }

}
