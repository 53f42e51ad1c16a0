package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import ledger.testkit.GrpcJava;
import ledger.testkit.Waits;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.KeyType;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.HistoryEntry;
import ledger.v1.GetHistoryRequest;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS on the gRPC port (the server's key RSA, PKCS#8): the handshake refuses a client
 * without a certificate from the client CA; the HTTP port asks for none.
 */
class MutualTlsIT {

  @RegisterExtension
  static final TlsServerFixture fixture = TlsServerFixture.mutualTls(KeyType.RSA);

  @Test
  void a_client_certificate_from_the_client_ca_is_accepted_by_both_kinds_of_client() {
    Issued teller = fixture.clientCa.client("teller");

    ManagedChannel channel = fixture.grpcJava(teller);
    CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .openAccount(OpenAccountRequest.newBuilder().setCommandId("mtls-open").setAccountId("mtls")
            .setCurrency("CHF").build());
    Balance balance = await(fixture.vertxClient(teller).unary(QueryServiceGrpcClient.GetBalance,
        GetBalanceRequest.newBuilder().setAccountId("mtls").build()));

    assertThat(balance.getCurrency()).isEqualTo("CHF");
  }

  @Test
  void the_client_certificates_subject_is_stored_with_the_events_it_caused_and_shown_by_history() {
    Issued clerk = fixture.clientCa.client("clerk");
    ManagedChannel channel = fixture.grpcJava(clerk);
    CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .openAccount(OpenAccountRequest.newBuilder().setCommandId("mtls-open-clerk").setAccountId("mtls-clerk")
            .setCurrency("CHF").build());

    List<HistoryEntry> history = QueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getHistory(GetHistoryRequest.newBuilder().setAccountId("mtls-clerk").build()).getEventsList();

    assertThat(history).hasSize(1);
    assertThat(history.get(0).getSubject()).isEqualTo(clerk.subject());
  }

  @Test
  void a_client_certificate_with_a_subject_too_long_to_store_is_unauthenticated_not_left_hanging() {
    // A CA may well issue a name of many OUs; it is over the 256 characters an event's subject may hold.
    String subject = "CN=long,O=Ledger tests," + "OU=a department of a department of the bank,".repeat(7) + "C=CH";
    Issued verbose = fixture.clientCa.client("verbose", subject);
    assertThat(verbose.subject().length()).isGreaterThan(256);
    ManagedChannel channel = fixture.grpcJava(verbose);

    StatusRuntimeException refused = catchThrowableOfType(() -> CommandServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).openAccount(OpenAccountRequest.newBuilder()
            .setCommandId("mtls-open-verbose").setAccountId("mtls-verbose").setCurrency("CHF").build()),
        StatusRuntimeException.class);

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(GrpcJava.errorInfo(refused).getReason()).isEqualTo("TOKEN_INVALID");
    // nothing was appended under a name the audit trail could not hold
    StatusRuntimeException absent = catchThrowableOfType(() -> QueryServiceGrpc.newBlockingStub(
        fixture.grpcJava(fixture.clientCa.client("auditor"))).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId("mtls-verbose").build()), StatusRuntimeException.class);
    assertThat(absent.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void a_client_without_a_certificate_is_refused_in_the_handshake() {
    assertThat(healthCheckFailure(fixture.grpcJava(null)).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void a_client_certificate_from_another_ca_is_refused_in_the_handshake() {
    Authority stranger = fixture.certificates.authority("stranger");

    // the server's own CA, too: it issues server certificates, not clients the gRPC port accepts
    for (Issued outsider : List.of(stranger.client("intruder"), fixture.ca.client("server-side"))) {
      assertThat(healthCheckFailure(fixture.grpcJava(outsider)).getStatus().getCode())
          .as(outsider.subject()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void the_http_port_asks_no_client_certificate_so_probes_and_scrapers_get_in() {
    assertThat(fixture.https("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void the_cli_with_its_certificate_works_and_without_one_is_told_to_pass_it() {
    Issued operator = fixture.clientCa.client("operator");
    String target = "127.0.0.1:" + fixture.grpcPort;
    String ca = fixture.ca.certificateFile().toString();

    CliRun with = CliRun.at(target, List.of("status", "--ca", ca, "--cert", operator.certificateFile().toString(),
        "--key", operator.keyFile().toString()));
    CliRun without = CliRun.at(target, List.of("status", "--ca", ca));
    Issued intruder = fixture.certificates.authority("cli-stranger").client("intruder");
    CliRun stranger = CliRun.at(target, List.of("status", "--ca", ca, "--cert",
        intruder.certificateFile().toString(), "--key", intruder.keyFile().toString()));

    assertThat(with.exit()).as(with.lines().toString()).isZero();
    assertThat(without.exit()).isEqualTo(3);
    assertThat(without.lines()).containsExactly("error: TLS handshake with " + target
        + " failed: the server requires a client certificate; pass --cert and --key");
    assertThat(stranger.exit()).isEqualTo(3);
    assertThat(stranger.lines()).containsExactly("error: TLS handshake with " + target
        + " failed: the server refused the client certificate; pass --cert and --key issued by a CA it trusts");
  }

  @Test
  void watch_streams_with_its_certificate_and_without_one_is_told_to_pass_it() throws Exception {
    Issued operator = fixture.clientCa.client("watcher");
    String target = "127.0.0.1:" + fixture.grpcPort;
    String ca = fixture.ca.certificateFile().toString();
    List<String> certificate = List.of("--ca", ca, "--cert", operator.certificateFile().toString(),
        "--key", operator.keyFile().toString());
    CliRun open = CliRun.at(target, Stream.concat(Stream.of("open", "mtls-watch", "EUR"),
        certificate.stream()).toList());
    assertThat(open.exit()).as(open.lines().toString()).isZero();

    List<String> watchArgs = new java.util.ArrayList<>(List.of("mtls-watch"));
    watchArgs.addAll(certificate);
    WatchRun with = WatchRun.start(target, watchArgs.toArray(new String[0]));
    Waits.until("the watch's first line (stdout, then stderr)", Duration.ofSeconds(30),
        () -> List.of(with.out(), with.err()), seen -> !seen.get(0).isEmpty() || !seen.get(1).isEmpty());
    CliRun without = CliRun.at(target, List.of("watch", "mtls-watch", "--ca", ca));

    assertThat(with.stop(Duration.ofSeconds(30))).isZero();
    assertThat(with.err()).isEmpty();
    assertThat(with.out().get(0)).startsWith("v1 ").contains("now  0.00 EUR  (OPEN)");
    assertThat(without.exit()).isEqualTo(3);
    assertThat(without.lines()).containsExactly("error: TLS handshake with " + target
        + " failed: the server requires a client certificate; pass --cert and --key");
  }

  private static StatusRuntimeException healthCheckFailure(ManagedChannel channel) {
    StatusRuntimeException[] failure = new StatusRuntimeException[1];
    assertThatThrownBy(() -> {
      HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("").build());
      throw new AssertionError("answered " + answer.getStatus());
    }).isInstanceOfSatisfying(StatusRuntimeException.class, e -> failure[0] = e);
    return failure[0];
  }
}
