package ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The writer must stop on its own well before PostgreSQL can hand its lock to a standby. */
class LockLivenessTest {

  @Test
  void by_default_a_silent_writer_stops_within_half_the_time_postgresql_waits_before_releasing_its_lock() {
    LockLiveness defaults = LockLiveness.DEFAULTS;
    assertThat(defaults.checkInterval().plus(defaults.fenceAfter()))
        .isLessThanOrEqualTo(defaults.sessionTimeout().dividedBy(2));
    assertThat(ProjectionConfig.defaults("p:").lockLiveness()).isEqualTo(defaults);
  }

  @Test
  void a_writer_that_would_stop_later_than_half_the_session_timeout_is_refused() {
    assertThatThrownBy(() -> new LockLiveness(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("half the session timeout");
  }

  @Test
  void a_session_timeout_below_two_seconds_is_refused_since_postgresql_counts_keepalives_in_whole_seconds() {
    assertThatThrownBy(() -> new LockLiveness(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
