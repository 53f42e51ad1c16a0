package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server itself, not only its command line, refuses TLS files it cannot serve, before starting anything. */
class TlsStartTest {

  @TempDir
  Path dir;

  @Test
  void a_key_of_another_certificate_stops_the_start_before_any_backend_is_touched() {
    Authority ca = TestCertificates.in(dir).authority("start");
    Issued served = ca.server("served");
    Issued other = ca.server("other");
    // Unreachable backends: had the check come later, the start would fail on them instead, or start embedded ones.
    ServerConfig config = ServerConfig.defaults().withStorage(dir, "postgresql://127.0.0.1:1/none",
        "redis://127.0.0.1:1", "start:");

    assertThatThrownBy(() -> LedgerServer.start(config.withSecurity(config.security()
        .withTls(TlsSettings.of(served.certificateFile(), other.keyFile())))))
        .isInstanceOf(InvalidTlsFiles.class)
        .hasMessageStartingWith("--tls-key " + other.keyFile() + " does not belong to the certificate in --tls-cert "
            + served.certificateFile());
  }

  @Test
  void loopback_addresses_are_told_from_those_other_machines_reach() {
    assertThat(Transport.loopback("127.0.0.1")).isTrue();
    assertThat(Transport.loopback("localhost")).isTrue();
    assertThat(Transport.loopback("::1")).isTrue();
    assertThat(Transport.loopback("0.0.0.0")).isFalse();
    assertThat(Transport.loopback("::")).isFalse();
  }
}
