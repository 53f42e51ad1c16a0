package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
  void plaintext_on_an_address_other_machines_reach_is_a_warning_and_on_loopback_is_not() {
    Logger logger = (Logger) LoggerFactory.getLogger(Transport.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try {
      Transport.plaintext("127.0.0.1").close();
      assertThat(seen.list).isEmpty();

      Transport.plaintext("0.0.0.0").close();
      assertThat(seen.list).singleElement().satisfies(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage()).startsWith("gRPC and HTTP ports serve PLAINTEXT on 0.0.0.0");
      });
    } finally {
      logger.detachAppender(seen);
    }
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
