package ledger.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ledger.app.TlsServerFixture;
import ledger.client.LedgerClient;
import ledger.client.LedgerException;
import ledger.client.RetryPolicy;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LedgerClient presenting a client certificate to a ledger that requires mutual TLS. */
class LedgerClientMutualTlsIT {

  @RegisterExtension
  static final TlsServerFixture fixture = TlsServerFixture.mutualTls(KeyType.RSA);

  @Test
  void a_client_certificate_from_the_client_ca_is_accepted_and_names_the_caller() {
    Issued service = fixture.clientCa.client("svc-statements");
    try (LedgerClient client = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
        .mutualTls(fixture.ca.certificateFile(), service.certificateFile(), service.keyFile()).build()) {
      client.openAccount("mtls-1", "EUR");

      assertThat(client.getHistory("mtls-1", 1)).singleElement()
          .satisfies(entry -> assertThat(entry.getSubject()).isEqualTo(service.subject()));
    }
  }

  @Test
  void a_client_without_a_certificate_is_not_let_in() {
    try (LedgerClient client = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort)
        .tls(fixture.ca.certificateFile()).retryPolicy(RetryPolicy.NONE).build()) {
      LedgerException refused = catchThrowableOfType(() -> client.openAccount("mtls-2", "EUR"), LedgerException.class);

      assertThat(refused.code()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
    }
  }
}
