package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import ledger.testkit.Waits;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.PresentedCertificate;
import ledger.testkit.tls.TlsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Certificates replaced under a running server, as cert-manager does in Kubernetes: new
 * connections get the new certificate on both ports, open ones keep theirs and keep working,
 * and a pair caught halfway (new certificate, old key) is not applied.
 */
class CertificateRotationIT {

  @RegisterExtension
  static final TlsServerFixture fixture = TlsServerFixture.reloading(Duration.ofMillis(100));
  /** New connections are spread over the gRPC port's instances (one per event loop): look at several. */
  private static final int LOOKS = 6;
  private static final Pattern REFUSED = Pattern.compile("ledger_tls_reloads_total\\{outcome=\"refused\",?\\} (\\S+)");

  @Test
  void a_new_certificate_serves_new_connections_while_open_ones_keep_theirs() {
    ManagedChannel openBefore = fixture.grpcJava(null);
    assertThat(health(openBefore)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    HttpClientAgent https = fixture.clientVertx.createHttpClient(TlsClients.vertx(fixture.ca.certificateFile(), null));
    HttpClientConnection httpBefore = await(https.connect(new HttpConnectOptions().setHost("127.0.0.1")
        .setPort(fixture.httpPort)));
    BigInteger previous = PresentedCertificate.at(fixture.grpcPort).getSerialNumber();
    Issued next = fixture.ca.server("rotated");

    fixture.volume.publish(next);

    awaitPresented(fixture.grpcPort, next.serial());
    awaitPresented(fixture.httpPort, next.serial());
    for (int look = 0; look < LOOKS; look++) {
      assertThat(PresentedCertificate.at(fixture.grpcPort).getSerialNumber()).isEqualTo(next.serial());
    }
    assertThat(health(openBefore)).as("a connection opened before").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(health(fixture.grpcJava(null))).as("a new connection, HTTP/2 by ALPN as before")
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(serialOf(httpBefore)).as("the open HTTP connection keeps its session").isEqualTo(previous);
    int live = await(httpBefore.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/health/live"))
        .compose(HttpClientRequest::send).map(HttpClientResponse::statusCode));
    assertThat(live).as("the open HTTP connection still answers").isEqualTo(200);
    await(https.close());
  }

  @Test
  void a_new_certificate_beside_the_old_key_is_not_applied_until_the_key_follows() {
    BigInteger inUse = PresentedCertificate.at(fixture.grpcPort).getSerialNumber();
    double refusedBefore = refusedReloads();
    Issued next = fixture.ca.server("half-written");

    fixture.volume.overwriteCertificateOnly(next);

    Waits.until("the half-written pair is refused", Waits.LIMIT, CertificateRotationIT::refusedReloads,
        refused -> refused > refusedBefore);
    for (int look = 0; look < LOOKS; look++) {
      assertThat(PresentedCertificate.at(fixture.grpcPort).getSerialNumber()).isEqualTo(inUse);
    }
    assertThat(PresentedCertificate.at(fixture.httpPort).getSerialNumber()).isEqualTo(inUse);
    assertThat(health(fixture.grpcJava(null))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    fixture.volume.overwriteKeyOnly(next);

    awaitPresented(fixture.grpcPort, next.serial());
    awaitPresented(fixture.httpPort, next.serial());
    assertThat(health(fixture.grpcJava(null))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  private static void awaitPresented(int port, BigInteger serial) {
    Waits.until("port " + port + " presents serial " + serial, Waits.LIMIT,
        () -> PresentedCertificate.at(port).getSerialNumber(), serial::equals);
  }

  private static HealthCheckResponse.ServingStatus health(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus();
  }

  private static BigInteger serialOf(HttpClientConnection connection) {
    try {
      return ((X509Certificate) connection.peerCertificates().get(0)).getSerialNumber();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new AssertionError(e);
    }
  }

  private static double refusedReloads() {
    Matcher refused = REFUSED.matcher(fixture.https("/metrics").body());
    return refused.find() ? Double.parseDouble(refused.group(1)) : 0;
  }
}
