package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --reflection false}: no reflection service at all, while health still answers anyone. */
class ReflectionSwitchIT {

  static final TestIssuer issuer = new TestIssuer();

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withAuth(issuer.settings()).withReflection(false)));

  @Test
  void with_reflection_off_reflection_is_unimplemented_and_health_answers_without_a_token() {
    assertThatThrownBy(() -> Reflection.listServices(fixture.channel))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    assertThat(HealthGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus()).isEqualTo(ServingStatus.SERVING);
  }
}
