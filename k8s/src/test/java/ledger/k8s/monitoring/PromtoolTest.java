package ledger.k8s.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's own checks of the alert rules and the dashboard, when {@code promtool} is installed (Debian: the
 * prometheus package): every expression of both parses, and each alert fires on the series it is meant
 * for, with its labels and annotations (src/test/resources/promtool/ledger-alerts.test.yaml).
 * Skipped without promtool: a Java build cannot parse PromQL by itself.
 */
class PromtoolTest {

  private static final Path WORK = Path.of("target", "promtool");
  private static Path promtool;

  @BeforeAll
  static void writeTheRulesAsPrometheusReadsThem() throws IOException {
    promtool = onPath("promtool");
    Files.createDirectories(WORK);
    String groups = new KubernetesSerialization().asYaml(MonitoringFiles.rules().getSpec());
    Files.writeString(WORK.resolve("ledger-alerts.rules.yaml"), groups);
    Files.writeString(WORK.resolve("dashboard.rules.yaml"), dashboardAsRecordingRules());
    try (InputStream tests = PromtoolTest.class.getResourceAsStream("/promtool/ledger-alerts.test.yaml")) {
      Files.copy(tests, WORK.resolve("ledger-alerts.test.yaml"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void every_expression_parses() throws Exception {
    assertThat(promtool("check", "rules", "ledger-alerts.rules.yaml")).contains("SUCCESS: 17 rules found");
  }

  @Test
  void every_dashboard_expression_parses() throws Exception {
    assertThat(promtool("check", "rules", "dashboard.rules.yaml")).contains("SUCCESS");
  }

  @Test
  void each_alert_fires_on_what_it_is_meant_for() throws Exception {
    assertThat(promtool("test", "rules", "ledger-alerts.test.yaml")).contains("SUCCESS");
  }

  /**
   * The dashboard's expressions as recording rules, for promtool to parse: Grafana's interval
   * variables become a duration, its other variables a regular expression (they sit in =~ matchers).
   */
  private static String dashboardAsRecordingRules() {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (MonitoringFiles.Expression expression : MonitoringFiles.dashboardExpressions()) {
      String promql = expression.promql().replaceAll("\\$__\\w+", "5m").replaceAll("\\$\\w+", ".*");
      rules.append("      - record: dashboard:expression_").append(++n).append('\n')
          .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
    }
    return rules.toString();
  }

  private static String promtool(String... arguments) throws IOException, InterruptedException {
    assumeTrue(promtool != null, "promtool is not installed");
    Process process = new ProcessBuilder(concat(promtool.toString(), arguments)).directory(WORK.toFile())
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static List<String> concat(String first, String... rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest)).toList();
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
