package ledger.load.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramMathTest {

  /** 1 ms, 2 ms, ... 10,000 ms: every percentile is known exactly. */
  private static Histogram uniformMillis() {
    Histogram h = Tally.histogram();
    for (int ms = 1; ms <= 10_000; ms++) {
      h.recordValue(ms * 1_000_000L);
    }
    return h;
  }

  @Test
  void percentiles_of_a_uniform_distribution_are_where_they_should_be() {
    LatencySummary s = LatencySummary.of(uniformMillis());
    // three significant digits: each figure within 0.1 % of the exact value
    assertThat(s.count()).isEqualTo(10_000);
    assertThat(s.min()).isCloseTo(1.0, within(0.001));
    assertThat(s.p10()).isCloseTo(1_000, within(1.0));
    assertThat(s.p25()).isCloseTo(2_500, within(2.5));
    assertThat(s.p50()).isCloseTo(5_000, within(5.0));
    assertThat(s.p75()).isCloseTo(7_500, within(7.5));
    assertThat(s.p90()).isCloseTo(9_000, within(9.0));
    assertThat(s.p95()).isCloseTo(9_500, within(9.5));
    assertThat(s.p99()).isCloseTo(9_900, within(9.9));
    assertThat(s.p999()).isCloseTo(9_990, within(10.0));
    assertThat(s.max()).isCloseTo(10_000, within(10.0));
    assertThat(s.average()).isCloseTo(5_000.5, within(5.0));
  }

  @Test
  void a_bimodal_distribution_shows_its_tail_only_in_the_high_percentiles() {
    Histogram h = Tally.histogram();
    h.recordValueWithCount(2_000_000L, 980);   // 98 % at 2 ms
    h.recordValueWithCount(500_000_000L, 20);  // 2 % at 500 ms
    LatencySummary s = LatencySummary.of(h);
    assertThat(s.p50()).isCloseTo(2.0, within(0.01));
    assertThat(s.p95()).isCloseTo(2.0, within(0.01));
    assertThat(s.p99()).isCloseTo(500, within(0.5));
    assertThat(s.average()).isCloseTo((980 * 2.0 + 20 * 500.0) / 1000, within(0.1));
  }

  @Test
  void an_empty_histogram_summarises_to_zeros() {
    assertThat(LatencySummary.of(Tally.histogram())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(Bucket.linear(Tally.histogram(), 10)).isEmpty();
  }

  @Test
  void the_linear_histogram_has_ghz_marks_and_loses_no_call() {
    List<Bucket> buckets = Bucket.linear(uniformMillis(), 10);
    assertThat(buckets).hasSize(11);
    assertThat(buckets.get(0).markMs()).isCloseTo(1.0, within(0.01));
    assertThat(buckets.get(10).markMs()).isCloseTo(10_000, within(10.0));
    assertThat(buckets.get(5).markMs()).isCloseTo(1 + 9_999 * 0.5, within(6.0));
    assertThat(buckets.stream().mapToLong(Bucket::count).sum()).isEqualTo(10_000);
    assertThat(buckets.get(0).count()).isEqualTo(1);
    // each bar between holds about a tenth of the calls
    buckets.subList(1, 11).forEach(b -> assertThat(b.count()).isBetween(980L, 1_020L));
  }

  @Test
  void the_clipped_histogram_puts_the_tail_in_one_last_bucket() {
    Histogram h = Tally.histogram();
    h.recordValueWithCount(1_000_000L, 500);
    h.recordValueWithCount(3_000_000L, 499);
    h.recordValue(900_000_000L);
    List<Bucket> buckets = Bucket.clipped(h, 4_000_000L, 4);
    assertThat(buckets).hasSize(5);
    assertThat(buckets.stream().mapToLong(Bucket::count).sum()).isEqualTo(1_000);
    assertThat(buckets.get(4).count()).isEqualTo(1);
    assertThat(buckets.get(4).markMs()).isCloseTo(900, within(1.0));
    assertThat(buckets.get(0).count()).isEqualTo(500);
  }

  @Test
  void slower_than_an_hour_is_recorded_as_an_hour_and_zero_as_a_nanosecond() {
    Tally tally = new Tally(0, true, 0);
    tally.record("OK", null, Long.MAX_VALUE / 2, 1);
    tally.record("OK", null, 0, 1);
    Histogram h = tally.result("x", "ghz", new io.vertx.core.json.JsonObject(), "", List.of()).latency();
    assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(Tally.HIGHEST_NANOS);
    assertThat(h.getMinValue()).isEqualTo(1);
  }
}
