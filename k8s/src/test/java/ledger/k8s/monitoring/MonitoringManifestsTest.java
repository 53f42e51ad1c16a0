package ledger.k8s.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** k8s/monitoring: the PodMonitor, the alert rules, their runbooks and the kustomization, read strictly. */
class MonitoringManifestsTest {

  private static final Set<String> SEVERITIES = Set.of("warning", "critical");
  private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
  private static final Pattern RUNBOOK = Pattern.compile("docs/operations\\.md#([a-z0-9-]+)");

  @Test
  void the_pod_monitor_scrapes_the_http_port_of_every_ledger_pod() {
    PodMonitor monitor = MonitoringFiles.podMonitor();

    assertThat(monitor.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of", "ledger");
    assertThat(monitor.getSpec().getJobLabel()).isEqualTo("app.kubernetes.io/name");
    assertThat(monitor.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(endpoint -> {
      assertThat(endpoint.getPort()).isEqualTo("http");
      assertThat(endpoint.getPath()).isEqualTo("/metrics");
      assertThat(endpoint.getRelabelings()).anySatisfy(relabel -> assertThat(relabel.getTargetLabel())
          .isEqualTo("component"));
    });
  }

  @Test
  void a_field_the_model_does_not_know_is_refused() {
    String misspelt = MonitoringFiles.read(MonitoringFiles.POD_MONITOR).replace("podMetricsEndpoints:",
        "podMetricEndpoints:");

    assertThatThrownBy(() -> StrictModel.parse(misspelt, PodMonitor.class))
        .hasMessageContaining("spec.podMetricEndpoints");
    assertThatThrownBy(() -> StrictModel.parse(MonitoringFiles.read(MonitoringFiles.RULES)
        .replaceFirst("for: 2m", "fore: 2m"), PrometheusRule.class)).hasMessageContaining("fore");
  }

  @Test
  void every_alert_has_a_unique_name_a_severity_a_duration_and_a_summary() {
    List<Rule> rules = MonitoringFiles.allRules();

    assertThat(rules).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getAlert()).as("every rule is an alert").isNotBlank();
      assertThat(rule.getExpr().getStrVal()).as(rule.getAlert()).isNotBlank();
      assertThat(rule.getLabels()).as(rule.getAlert()).containsKey("severity");
      assertThat(SEVERITIES).as(rule.getAlert()).contains(rule.getLabels().get("severity"));
      assertThat(rule.getAnnotations()).as(rule.getAlert()).containsKeys("summary", "runbook_url");
      if (rule.getFor() != null) {
        assertThat(rule.getFor()).as(rule.getAlert()).matches(DURATION);
      }
    });
    assertThat(rules.stream().map(Rule::getAlert).collect(Collectors.toSet())).hasSize(rules.size());
  }

  @Test
  void the_rules_cover_what_the_issue_asks_and_what_on_call_needs() {
    assertThat(MonitoringFiles.allRules()).extracting(Rule::getAlert).contains("LedgerProjectionLagHigh",
        "LedgerProjectionLagGrowing", "LedgerProjectionNotApplying", "LedgerDegradedAccounts", "LedgerHighErrorRatio",
        "LedgerPoolExhausted", "LedgerCertificateExpiresSoon", "LedgerNoProjectionWriter", "LedgerInstanceDown");
  }

  @Test
  void every_runbook_url_points_at_the_runbook_of_its_alert() {
    String operations = MonitoringFiles.read(MonitoringFiles.OPERATIONS);
    Set<String> anchors = headings(section(operations, "Alerts"));

    for (Rule rule : MonitoringFiles.allRules()) {
      Matcher url = RUNBOOK.matcher(rule.getAnnotations().get("runbook_url"));
      assertThat(url.matches()).as(rule.getAlert() + "'s runbook_url").isTrue();
      assertThat(url.group(1)).as(rule.getAlert()).isEqualTo(rule.getAlert().toLowerCase(Locale.ROOT));
      assertThat(anchors).as("a ### " + rule.getAlert() + " section under ## Alerts").contains(url.group(1));
    }
  }

  @Test
  void the_kustomization_ships_the_rules_the_pod_monitor_and_the_dashboard_for_grafanas_sidecar() {
    JsonNode kustomization = YAMLMapper.builder().build().readTree(MonitoringFiles.read(MonitoringFiles.KUSTOMIZATION));

    Set<String> resources = new HashSet<>();
    kustomization.path("resources").forEach(resource -> resources.add(resource.asString()));
    assertThat(resources).containsExactlyInAnyOrder("podmonitor.yaml", "ledger-alerts.yaml");
    resources.forEach(resource -> assertThat(Files.exists(MonitoringFiles.FOLDER.resolve(resource))).isTrue());
    JsonNode generator = kustomization.path("configMapGenerator").get(0);
    assertThat(generator.path("files").get(0).asString()).isEqualTo("ledger-dashboard.json");
    assertThat(generator.path("options").path("labels").path("grafana_dashboard").asString()).isEqualTo("1");
    assertThat(generator.path("options").path("disableNameSuffixHash").asBoolean()).isTrue();
  }

  /** GitHub's anchors of the ### headings: lower case, spaces to dashes, punctuation dropped. */
  private static Set<String> headings(String markdown) {
    return markdown.lines().filter(line -> line.startsWith("### "))
        .map(line -> line.substring(4).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  /** The section {@code ## title} of a Markdown file, up to the next {@code ## } heading. */
  private static String section(String markdown, String title) {
    int start = markdown.indexOf("\n## " + title + "\n");
    assertThat(start).as("a section ## " + title).isGreaterThanOrEqualTo(0);
    int end = markdown.indexOf("\n## ", start + 1);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }
}
