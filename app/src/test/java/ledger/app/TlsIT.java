package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import ledger.app.client.GrpcCalls;
import ledger.testkit.GrpcJava;
import ledger.testkit.Waits;
import ledger.testkit.tls.KeyType;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.ProjectionStatus;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS on both ports (an EC key, PKCS#8): every service through either kind of client, and nothing in clear text. */
class TlsIT {

  @RegisterExtension
  static final TlsServerFixture fixture = TlsServerFixture.tls(KeyType.EC);

  @Test
  void grpc_java_over_tls_calls_every_service() {
    ManagedChannel channel = fixture.grpcJava(null);
    CommandResult opened = CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .openAccount(OpenAccountRequest.newBuilder().setCommandId("gj-open").setAccountId("gj-tls")
            .setCurrency("EUR").build());
    Balance balance = QueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId("gj-tls")
            .setConsistencyToken(opened.getConsistencyToken()).build());
    ProjectionStatus status = AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance());
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build());

    assertThat(balance.getVersion()).isEqualTo(1);
    assertThat(status.getPartitionsCount()).isEqualTo(1);
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void the_vertx_client_over_tls_calls_every_service() {
    GrpcCalls calls = fixture.vertxClient(null);
    await(calls.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("vx-open").setAccountId("vx-tls").setCurrency("USD").build()));
    CommandResult deposited = await(calls.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("vx-dep").setAccountId("vx-tls").setAmountMinor(250).setCurrency("USD").build()));
    Balance balance = await(calls.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
        .setAccountId("vx-tls").setConsistencyToken(deposited.getConsistencyToken()).build()));
    ProjectionStatus status = await(calls.unary(AdminServiceGrpcClient.GetProjectionStatus,
        GetProjectionStatusRequest.getDefaultInstance()));

    assertThat(balance.getBalanceMinor()).isEqualTo(250);
    assertThat(status.getPartitionsCount()).isEqualTo(1);
  }

  @Test
  void a_plaintext_client_gets_nothing_from_the_tls_port() {
    ManagedChannel plaintext = GrpcJava.channel(fixture.grpcPort);
    try {
      assertThatThrownBy(() -> HealthGrpc.newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      GrpcJava.close(plaintext);
    }
  }

  @Test
  void health_and_metrics_answer_over_tls_and_not_in_clear_text() {
    assertThat(fixture.https("/health/ready").statusCode()).isEqualTo(200);
    assertThat(fixture.https("/metrics").body()).contains("ledger_tls_certificate_not_after_seconds");

    assertThatThrownBy(() -> TlsServerFixture.get(HttpClient.newHttpClient(),
        URI.create("http://127.0.0.1:" + fixture.httpPort + "/health/ready")))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void the_cli_with_the_ca_works_and_without_it_says_the_certificate_is_not_trusted() {
    String target = "127.0.0.1:" + fixture.grpcPort;

    CliRun trusted = CliRun.at(target, List.of("open", "cli-tls", "USD", "--ca",
        fixture.ca.certificateFile().toString()));
    CliRun untrusted = CliRun.at(target, List.of("balance", "cli-tls", "--tls"));

    assertThat(trusted.exit()).as(trusted.lines().toString()).isZero();
    assertThat(untrusted.exit()).isEqualTo(3);
    assertThat(untrusted.lines()).containsExactly("error: TLS handshake with " + target
        + " failed: certificate not trusted; pass --ca with the CA that signed the server's certificate");
  }

  @Test
  void watch_streams_over_tls_with_the_ca_and_without_it_says_the_certificate_is_not_trusted() throws Exception {
    String target = "127.0.0.1:" + fixture.grpcPort;
    String ca = fixture.ca.certificateFile().toString();
    assertThat(CliRun.at(target, List.of("open", "cli-tls-watch", "USD", "--ca", ca)).exit()).isZero();

    WatchRun trusted = WatchRun.start(target, "cli-tls-watch", "--ca", ca);
    Waits.until("the watch's first line (stdout, then stderr)", Duration.ofSeconds(30),
        () -> List.of(trusted.out(), trusted.err()), seen -> !seen.get(0).isEmpty() || !seen.get(1).isEmpty());
    assertThat(trusted.err()).as("stderr").isEmpty();
    CliRun untrusted = CliRun.at(target, List.of("watch", "cli-tls-watch", "--tls"));

    assertThat(trusted.stop(Duration.ofSeconds(30))).isZero();
    assertThat(trusted.out().get(0)).startsWith("v1 ").contains("now  0.00 USD  (OPEN)");
    assertThat(untrusted.exit()).isEqualTo(3);
    assertThat(untrusted.lines()).containsExactly("error: TLS handshake with " + target
        + " failed: certificate not trusted; pass --ca with the CA that signed the server's certificate");
  }

  @Test
  void the_cli_in_clear_text_to_the_tls_port_is_told_to_use_tls() {
    CliRun plaintext = CliRun.at("127.0.0.1:" + fixture.grpcPort, List.of("balance", "anyone"));

    assertThat(plaintext.exit()).isEqualTo(3);
    assertThat(plaintext.lines()).singleElement().asString()
        .startsWith("error: cannot reach the ledger at 127.0.0.1:" + fixture.grpcPort)
        .endsWith("(if it serves TLS, pass --tls, or --ca with its CA)");
  }
}
