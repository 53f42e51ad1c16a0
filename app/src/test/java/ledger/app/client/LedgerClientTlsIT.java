package ledger.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import ledger.app.TlsServerFixture;
import ledger.client.CommandOutcome;
import ledger.client.LedgerClient;
import ledger.client.LedgerException;
import ledger.client.RetryPolicy;
import ledger.testkit.tls.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LedgerClient over TLS, trusting the CA bundle it is given and no other. */
class LedgerClientTlsIT {

  @RegisterExtension
  static final TlsServerFixture fixture = TlsServerFixture.tls(KeyType.EC);

  @Test
  void a_client_trusting_the_servers_ca_writes_and_reads() {
    try (LedgerClient client = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
        .tls(fixture.ca.certificateFile()).build()) {
      client.openAccount("tls-1", "EUR");
      CommandOutcome deposit = client.deposit("tls-1", 1_250, "EUR");

      assertThat(client.getBalance("tls-1", deposit.consistencyToken()).balanceMinor()).isEqualTo(1_250);
    }
  }

  @Test
  void a_client_trusting_another_ca_or_speaking_plaintext_does_not_get_through() throws java.io.IOException {
    var other = ledger.testkit.tls.TestCertificates.in(java.nio.file.Files.createTempDirectory("ledger-other-ca"))
        .authority("not-the-servers");
    try (LedgerClient distrustful = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
        .tls(other.certificateFile()).retryPolicy(RetryPolicy.NONE).build();
         LedgerClient plain = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
             .retryPolicy(RetryPolicy.NONE).build()) {
      LedgerException untrusted = catchThrowableOfType(() -> distrustful.openAccount("tls-2", "EUR"),
          LedgerException.class);
      LedgerException plaintext = catchThrowableOfType(() -> plain.openAccount("tls-2", "EUR"), LedgerException.class);

      assertThat(untrusted.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(plaintext.code()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }
}
