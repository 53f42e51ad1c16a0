package ledger.k8s.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every metric the dashboard and the alert rules name is served by a running ledger: a renamed
 * or removed meter, or a typo in a panel or a rule, fails here instead of leaving a panel empty
 * or an alert that can never fire.
 */
class ServedMetricsIT {

  /** Made by Prometheus for each scrape target, never served by one. */
  private static final Set<String> SYNTHETIC = Set.of("up");

  @RegisterExtension
  static final ScrapedLedger LEDGER = new ScrapedLedger();
  private static String scrape;
  private static Set<String> served;

  @BeforeAll
  static void scrape() {
    scrape = LEDGER.scrape();
    served = sampleNames(scrape);
  }

  @Test
  void every_dashboard_expression_names_only_served_metrics() {
    List<MonitoringFiles.Expression> expressions = MonitoringFiles.dashboardExpressions();

    assertThat(expressions).hasSizeGreaterThan(30);
    assertThat(unserved(expressions)).isEmpty();
  }

  @Test
  void every_alert_rule_names_only_served_metrics() {
    List<MonitoringFiles.Expression> expressions = MonitoringFiles.ruleExpressions();

    assertThat(expressions).hasSizeGreaterThan(10);
    assertThat(unserved(expressions)).isEmpty();
  }

  @Test
  void a_name_the_server_does_not_serve_is_reported_with_where_it_was_found() {
    List<MonitoringFiles.Expression> misspelt = List.of(new MonitoringFiles.Expression("alert Misspelt",
        "sum(rate(ledger_rpc_server_seconds_count[5m])) / sum(rate(ledger_rpc_server_requests_total[5m]))"));

    assertThat(unserved(misspelt)).containsExactly("alert Misspelt: ledger_rpc_server_requests_total");
  }

  @Test
  void the_workload_shows_in_the_meters_the_alerts_read() {
    assertThat(scrape).contains(
        "ledger_rpc_server_errors_total{code=\"FAILED_PRECONDITION\",method=\"Withdraw\",reason=\"INSUFFICIENT_FUNDS\"} 1.0",
        "ledger_rpc_server_errors_total{code=\"DEADLINE_EXCEEDED\",method=\"GetBalance\",reason=\"CONSISTENCY_WAIT_TIMEOUT\"} 1.0",
        "ledger_query_token_wait_seconds_count{outcome=\"timed_out\"} 1",
        "ledger_query_streams 1.0",
        "vertx_pool_in_use{pool_name=\"ledger-query\",pool_type=\"redis\"}",
        "vertx_pool_in_use{pool_name=\"ledger-projection\",pool_type=\"redis\"}",
        "ledger_tls_certificate_not_after_seconds "
            + (double) LEDGER.serverCertificate.certificate().getNotAfter().toInstant().getEpochSecond());
    assertThat(scrape).containsPattern("ledger_query_token_wait_seconds_count\\{outcome=\"reached\"} [1-9]");
  }

  /** "where: name" for each name an expression selects that the scrape does not hold. */
  private static List<String> unserved(List<MonitoringFiles.Expression> expressions) {
    List<String> missing = new ArrayList<>();
    for (MonitoringFiles.Expression expression : expressions) {
      for (String name : PromQl.metricNames(expression.promql())) {
        if (!served.contains(name) && !SYNTHETIC.contains(name)) {
          missing.add(expression.where() + ": " + name);
        }
      }
    }
    return missing;
  }

  /** The sample names of a Prometheus text exposition (histogram families as their _bucket, _count and _sum). */
  private static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    });
    return names;
  }
}
