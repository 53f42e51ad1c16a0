package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PromScrapeTest {

  private static final String BEFORE = """
      # HELP ledger_projection_lag_seconds Commit to view
      # TYPE ledger_projection_lag_seconds histogram
      ledger_projection_lag_seconds_bucket{le="0.001"} 10
      ledger_projection_lag_seconds_bucket{le="0.002"} 20
      ledger_projection_lag_seconds_bucket{le="0.004"} 20
      ledger_projection_lag_seconds_bucket{le="+Inf"} 20
      ledger_projection_lag_seconds_count 20
      ledger_projection_lag_seconds_sum 0.03
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="0.001"} 5
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="+Inf"} 5
      ledger_rpc_server_seconds_bucket{code="OK",method="GetBalance",le="0.001"} 7
      ledger_rpc_server_seconds_bucket{code="OK",method="GetBalance",le="+Inf"} 7
      ledger_command_conflicts_total 3.0
      """;

  private static final String AFTER = """
      ledger_projection_lag_seconds_bucket{le="0.001"} 10
      ledger_projection_lag_seconds_bucket{le="0.002"} 70
      ledger_projection_lag_seconds_bucket{le="0.004"} 118
      ledger_projection_lag_seconds_bucket{le="+Inf"} 120
      ledger_projection_lag_seconds_count 120
      ledger_projection_lag_seconds_sum 0.33
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="0.001"} 15
      ledger_rpc_server_seconds_bucket{code="OK",method="Deposit",le="+Inf"} 25
      ledger_rpc_server_seconds_bucket{code="OK",method="GetBalance",le="0.001"} 7
      ledger_rpc_server_seconds_bucket{code="OK",method="GetBalance",le="+Inf"} 7
      ledger_command_conflicts_total 10.0
      """;

  @Test
  void the_difference_of_two_scrapes_is_the_histogram_of_what_happened_between() {
    PromHistogram lag = PromScrape.parse(AFTER).histogram("ledger_projection_lag_seconds")
        .minus(PromScrape.parse(BEFORE).histogram("ledger_projection_lag_seconds"));
    assertThat(lag.total()).isEqualTo(100);
    assertThat(lag.mean()).isCloseTo(0.003, within(1e-9));
    // 50 in (1, 2] ms, 48 in (2, 4] ms, 2 beyond 4 ms
    assertThat(lag.quantile(0.5)).isCloseTo(0.002, within(1e-9));
    assertThat(lag.quantile(0.25)).isCloseTo(0.0015, within(1e-9));
    assertThat(lag.quantile(0.99)).as("past the last finite bound: that bound").isEqualTo(0.004);
    assertThat(lag.quantile(0.9)).isCloseTo(0.002 + 0.002 * 40 / 48, within(1e-9));
    assertThat(lag.quantileBucketBound(0.9)).isEqualTo(0.004);
  }

  @Test
  void labels_select_one_series_and_counters_subtract() {
    PromScrape before = PromScrape.parse(BEFORE);
    PromScrape after = PromScrape.parse(AFTER);
    MetricsDelta d = MetricsDelta.between(before, after);
    assertThat(d.depositServer().total()).isEqualTo(20);
    assertThat(d.balanceServer().total()).isZero();
    assertThat(d.conflicts()).isEqualTo(7);
    assertThat(after.value("ledger_rpc_server_seconds_bucket", Map.of("method", "Deposit", "le", "+Inf")))
        .isEqualTo(25);
  }

  @Test
  void an_empty_histogram_has_no_quantiles() {
    assertThat(PromScrape.empty().histogram("x").quantile(0.99)).isNaN();
    assertThat(PromHistogram.EMPTY.total()).isZero();
  }
}
