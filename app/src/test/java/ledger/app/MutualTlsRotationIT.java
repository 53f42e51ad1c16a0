package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import ledger.testkit.Waits;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.PresentedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server certificate rotated under mutual TLS: the reloaded gRPC port still requires a client
 * certificate from the client CA, and still accepts one.
 */
class MutualTlsRotationIT {

  @RegisterExtension
  static final TlsServerFixture fixture = TlsServerFixture.mutualReloading(Duration.ofMillis(100));

  @Test
  void a_rotated_certificate_keeps_requiring_a_client_certificate_from_the_client_ca() {
    Issued teller = fixture.clientCa.client("teller");
    assertThat(health(fixture.grpcJava(teller))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    Issued next = fixture.ca.server("rotated");

    fixture.volume.publish(next);

    Waits.until("the gRPC port presents serial " + next.serial(), Waits.LIMIT, MutualTlsRotationIT::presented,
        next.serial()::equals);
    for (int look = 0; look < 6; look++) {
      // each new connection may land on another event loop's instance
      assertThat(health(fixture.grpcJava(teller))).as("a client with its certificate")
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      StatusRuntimeException refused = catchThrowableOfType(() -> health(fixture.grpcJava(null)),
          StatusRuntimeException.class);
      assertThat(refused).as("a client without a certificate").isNotNull();
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      StatusRuntimeException stranger = catchThrowableOfType(
          () -> health(fixture.grpcJava(fixture.certificates.authority("stranger-" + System.nanoTime())
              .client("intruder"))), StatusRuntimeException.class);
      assertThat(stranger).as("a client certificate from another CA").isNotNull();
    }
  }

  private static BigInteger presented() {
    try {
      return PresentedCertificate.at(fixture.grpcPort).getSerialNumber();
    } catch (RuntimeException handshakeRefused) {
      return BigInteger.ZERO;
    }
  }

  private static HealthCheckResponse.ServingStatus health(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus();
  }
}
