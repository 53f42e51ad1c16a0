package ledger.k8s.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void a_bare_selector_is_its_metric() {
    assertThat(PromQl.metricNames("up")).containsExactly("up");
    assertThat(PromQl.metricNames("ledger:rpc_rate5m")).containsExactly("ledger:rpc_rate5m");
  }

  @Test
  void label_names_and_values_inside_matchers_are_not_metrics() {
    assertThat(PromQl.metricNames("ledger_rpc_server_seconds_count{job=\"ledger\", code=~\"INTERNAL|UNAVAILABLE\","
        + " method!='Deposit'}")).containsExactly("ledger_rpc_server_seconds_count");
  }

  @Test
  void a_brace_or_quote_inside_a_label_value_ends_nothing() {
    assertThat(PromQl.metricNames("a{x=\"}\\\" b\"} + c{y='{'}")).containsExactly("a", "c");
  }

  @Test
  void functions_and_aggregations_are_not_metrics_but_their_arguments_are() {
    assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (partition, le) "
        + "(rate(ledger_projection_lag_seconds_bucket[5m])))")).containsExactly("ledger_projection_lag_seconds_bucket");
    assertThat(PromQl.metricNames("sum(rate(x_total[1m])) / count without (pod) (y)")).containsExactly("x_total", "y");
    assertThat(PromQl.metricNames("topk (3, z)")).containsExactly("z");
  }

  @Test
  void grouping_label_lists_are_skipped_wherever_they_stand() {
    assertThat(PromQl.metricNames("sum(a) by (method, code) / on (method) group_left (code) b"))
        .containsExactly("a", "b");
    assertThat(PromQl.metricNames("a * ignoring(pod) group_right b")).containsExactly("a", "b");
  }

  @Test
  void keywords_are_not_metrics() {
    assertThat(PromQl.metricNames("a > bool 1 and b or c unless d offset 5m")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void numbers_durations_ranges_and_subqueries_name_nothing() {
    assertThat(PromQl.metricNames("deriv((h - c)[15m:1m]) > 1e3 and x < 14 * 86400 and y > 0.5 and w > 0x1f"))
        .containsExactly("h", "c", "x", "y", "w");
    assertThat(PromQl.metricNames("rate(a[1h30m]) offset 1d")).containsExactly("a");
  }

  @Test
  void string_literals_name_nothing() {
    assertThat(PromQl.metricNames("label_replace(a, \"dst\", \"$1\", 'src', `(.*)`)")).containsExactly("a");
  }

  @Test
  void grafana_variables_name_nothing() {
    assertThat(PromQl.metricNames("rate(a{pod=~\"$pod\"}[$__rate_interval]) * ${factor} + [[legacy]] + b"))
        .containsExactly("a", "b");
  }

  @Test
  void a_template_query_names_its_metric_and_not_its_label() {
    assertThat(PromQl.metricNames(PromQl.templateSelector("label_values(process_uptime_seconds{job=\"ledger\"}, pod)")))
        .containsExactly("process_uptime_seconds");
  }

  @Test
  void the_at_modifier_functions_are_not_metrics() {
    assertThat(PromQl.metricNames("a @ start() - a @ end()")).containsExactly("a");
  }
}
