package ledger.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

class WaitsTest {

  @Test
  void until_returns_the_first_value_that_is_done() {
    AtomicInteger probes = new AtomicInteger();

    assertThat(Waits.until("three probes", Duration.ofSeconds(5), probes::incrementAndGet, n -> n >= 3))
        .isEqualTo(3);
  }

  @Test
  void until_fails_at_its_limit_naming_what_it_waited_for_and_the_last_value_seen() {
    assertThatThrownBy(() -> Waits.until("a miracle", Duration.ofMillis(50), () -> 41, n -> n == 42))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("a miracle").hasMessageContaining("last seen: 41");
  }

  @Test
  void eventually_fails_with_the_last_assertion_error() {
    AtomicInteger tries = new AtomicInteger();

    Throwable failure = catchThrowable(() -> Waits.eventually(Duration.ofMillis(50),
        () -> assertThat(tries.incrementAndGet()).as("try %d", tries.get()).isNegative()));

    assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("try " + tries.get());
  }

  @Test
  void throughout_checks_again_until_the_duration_has_passed() {
    AtomicInteger checks = new AtomicInteger();
    long started = System.nanoTime();

    Waits.throughout(Duration.ofMillis(50), checks::incrementAndGet);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(checks.get()).isGreaterThan(1);
  }

  @Test
  void throughout_fails_as_soon_as_the_assertion_does() {
    AtomicInteger checks = new AtomicInteger();

    assertThatThrownBy(() -> Waits.throughout(Duration.ofSeconds(30),
        () -> assertThat(checks.incrementAndGet()).isLessThan(3)))
        .isInstanceOf(AssertionError.class);
    assertThat(checks.get()).isEqualTo(3);
  }

  @Test
  void await_fails_at_its_limit_instead_of_hanging() {
    assertThatThrownBy(() -> Waits.await(Promise.promise().future(), Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("no answer within 50 ms");
  }
}
