package ledger.k8s.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The files of k8s/monitoring, read as the tests need them (the module's folder is the working directory). */
final class MonitoringFiles {

  static final Path FOLDER = Path.of("monitoring");
  static final Path RULES = FOLDER.resolve("ledger-alerts.yaml");
  static final Path POD_MONITOR = FOLDER.resolve("podmonitor.yaml");
  static final Path DASHBOARD = FOLDER.resolve("ledger-dashboard.json");
  static final Path KUSTOMIZATION = FOLDER.resolve("kustomization.yaml");
  static final Path OPERATIONS = Path.of("..", "docs", "operations.md");

  private MonitoringFiles() {
  }

  static PrometheusRule rules() {
    return StrictModel.read(RULES, PrometheusRule.class);
  }

  static List<Rule> allRules() {
    return rules().getSpec().getGroups().stream().flatMap(group -> group.getRules().stream()).toList();
  }

  static PodMonitor podMonitor() {
    return StrictModel.read(POD_MONITOR, PodMonitor.class);
  }

  static JsonNode dashboard() {
    return JsonMapper.builder().build().readTree(read(DASHBOARD));
  }

  /** Every PromQL expression the dashboard runs: its panels' targets and its template variables' queries. */
  static List<Expression> dashboardExpressions() {
    JsonNode dashboard = dashboard();
    List<Expression> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(new Expression("panel \"" + panel.path("title").asString() + "\" " + target.path("refId")
            .asString(), target.path("expr").asString()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asString().equals("query")) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asString() : query.asString();
        expressions.add(new Expression("variable $" + variable.path("name").asString(), PromQl.templateSelector(text)));
      }
    }
    return expressions;
  }

  static List<Expression> ruleExpressions() {
    return allRules().stream().map(rule -> new Expression("alert " + rule.getAlert(), rule.getExpr().getStrVal()))
        .toList();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PromQL expression and where it was found, for messages. */
  record Expression(String where, String promql) {
  }
}
