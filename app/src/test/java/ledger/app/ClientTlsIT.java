package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import ledger.grpc.PeerCertificates;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.TestCertificates;
import ledger.testkit.tls.TlsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ends of TLS without a ledger behind them: what the server learns of a client's
 * certificate ({@link PeerCertificates}, which Rpc makes the caller's subject), and the one line
 * the CLI prints for each way a handshake fails.
 */
class ClientTlsIT {

  @TempDir
  static Path dir;
  static Vertx vertx;
  static Authority servers;
  static Authority clients;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    TestCertificates certificates = TestCertificates.in(dir);
    servers = certificates.authority("servers");
    clients = certificates.authority("clients");
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void the_subject_of_a_verified_client_certificate_is_known_and_nothing_without_one() {
    Issued teller = clients.client("teller");
    HttpServer mutual = subjectEcho(tls(servers.server("mutual")).setClientAuth(ClientAuth.REQUIRED)
        .setTrustOptions(new PemTrustOptions().addCertPath(clients.certificateFile().toString())));
    HttpServer oneWay = subjectEcho(tls(servers.server("one-way")));
    HttpServer plaintext = subjectEcho(new HttpServerOptions());

    assertThat(get(TlsClients.vertx(servers.certificateFile(), teller), mutual)).isEqualTo(teller.subject())
        .isEqualTo("CN=teller,O=Ledger tests");
    assertThat(get(TlsClients.vertx(servers.certificateFile(), teller), oneWay)).isEqualTo("none");
    assertThat(get(new HttpClientOptions(), plaintext)).isEqualTo("none");
  }

  @Test
  void an_expired_server_certificate_is_named_as_such() {
    HttpServer expired = subjectEcho(tls(servers.expiredServer("expired")));

    assertThat(cliAgainst(expired)).containsExactly("error: TLS handshake with 127.0.0.1:" + expired.actualPort()
        + " failed: the server's certificate has expired");
  }

  @Test
  void a_server_certificate_for_another_name_is_named_as_such() {
    HttpServer elsewhere = subjectEcho(tls(servers.serverFor("elsewhere", "ledger.elsewhere.example")));

    assertThat(cliAgainst(elsewhere)).singleElement().asString().startsWith("error: TLS handshake with 127.0.0.1:"
        + elsewhere.actualPort() + " failed: the server's certificate does not name this host");
  }

  @Test
  void tls_to_a_plaintext_port_is_told_to_leave_tls_out() {
    HttpServer plaintext = subjectEcho(new HttpServerOptions());

    assertThat(cliAgainst(plaintext)).containsExactly("error: TLS handshake with 127.0.0.1:"
        + plaintext.actualPort() + " failed: the server does not speak TLS there; leave out --tls and --ca");
  }

  private static List<String> cliAgainst(HttpServer server) {
    CliRun run = CliRun.at("127.0.0.1:" + server.actualPort(),
        List.of("status", "--ca", servers.certificateFile().toString()));
    assertThat(run.exit()).as(run.lines().toString()).isEqualTo(3);
    return run.lines();
  }

  private static HttpServerOptions tls(Issued certificate) {
    return new HttpServerOptions().setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(certificate.certificateFile().toString()).setKeyPath(certificate.keyFile().toString()));
  }

  /** Answers every request with the subject of the client's certificate, or "none". */
  private static HttpServer subjectEcho(HttpServerOptions options) {
    return await(vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0)).requestHandler(request -> {
      String subject = PeerCertificates.subjectOf(request.connection());
      request.response().end(subject == null ? "none" : subject);
    }).listen());
  }

  private static String get(HttpClientOptions options, HttpServer server) {
    HttpClientAgent client = vertx.createHttpClient(options);
    try {
      return await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
          .compose(request -> request.send()).compose(response -> response.body())).toString();
    } finally {
      await(client.close());
    }
  }
}
