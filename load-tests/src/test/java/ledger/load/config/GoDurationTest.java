package ledger.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void reads_each_unit_as_go_does() {
    assertThat(GoDuration.parse("250ns")).isEqualTo(Duration.ofNanos(250));
    assertThat(GoDuration.parse("20us")).isEqualTo(Duration.ofNanos(20_000));
    assertThat(GoDuration.parse("20µs")).isEqualTo(Duration.ofNanos(20_000));
    assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(GoDuration.parse("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void reads_compound_and_fractional_durations() {
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("2m45s")).isEqualTo(Duration.ofSeconds(165));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse(".5m")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void refuses_a_number_without_a_unit_and_other_noise() {
    assertThatThrownBy(() -> GoDuration.parse("10")).isInstanceOf(ConfigException.class).hasMessageContaining("unit");
    assertThatThrownBy(() -> GoDuration.parse("10 s")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> GoDuration.parse("ten seconds")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> GoDuration.parse("-5s")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> GoDuration.parse("")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> GoDuration.parse("5d")).isInstanceOf(ConfigException.class);
  }

  @Test
  void formats_the_shortest_go_spelling() {
    assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoDuration.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
  }
}
