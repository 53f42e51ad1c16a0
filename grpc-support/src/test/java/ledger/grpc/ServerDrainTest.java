package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.junit.jupiter.api.Test;

/** The stop of a server: calls refused from its start on, and idle once the unary calls admitted before are answered. */
class ServerDrainTest {

  private final ServerDrain drain = new ServerDrain();

  @Test
  void calls_are_admitted_until_the_drain_starts_then_refused_unavailable_shutting_down_with_a_retry_hint() {
    assertThat(drain.admit()).isNull();
    drain.answered();

    drain.start();

    LedgerException refused = drain.admit();
    assertThat(refused.reason()).isEqualTo(Reason.SHUTTING_DOWN);
    assertThat(ErrorCodes.statusOf(refused.reason())).isEqualTo(GrpcStatus.UNAVAILABLE);
    assertThat(refused.retryAfter()).contains(Duration.ofMillis(200));
    assertThat(refused.rejection().details()).containsEntry("retry_after_ms", "200");
  }

  @Test
  void the_drain_is_idle_only_once_every_unary_call_admitted_before_it_was_answered() {
    assertThat(drain.admit()).isNull();
    assertThat(drain.admit()).isNull();
    drain.answered();

    drain.start();
    assertThat(drain.idle().isComplete()).as("idle with a call in flight").isFalse();
    assertThat(drain.unaryInFlight()).isEqualTo(1);

    drain.answered();
    assertThat(drain.idle().succeeded()).isTrue();
  }

  @Test
  void a_call_refused_because_the_drain_began_is_not_left_counted_in_flight() {
    drain.start();

    assertThat(drain.admit()).isNotNull();
    assertThat(drain.unaryInFlight()).isZero();
    assertThat(drain.idle().succeeded()).isTrue();
  }

  @Test
  void a_drain_started_with_no_call_in_flight_is_idle_at_once() {
    drain.start();

    assertThat(drain.idle().succeeded()).isTrue();
  }
}
