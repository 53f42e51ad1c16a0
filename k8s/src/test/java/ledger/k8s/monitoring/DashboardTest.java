package ledger.k8s.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** k8s/monitoring/ledger-dashboard.json imports as is into any Grafana: its data source is a variable. */
class DashboardTest {

  private static final String DATASOURCE = "${datasource}";
  private final JsonNode dashboard = MonitoringFiles.dashboard();

  @Test
  void the_data_source_is_a_variable_of_prometheus_data_sources() {
    JsonNode first = dashboard.path("templating").path("list").get(0);

    assertThat(first.path("name").asString()).isEqualTo("datasource");
    assertThat(first.path("type").asString()).isEqualTo("datasource");
    assertThat(first.path("query").asString()).isEqualTo("prometheus");
  }

  @Test
  void every_data_source_reference_is_the_variable_never_a_uid() {
    List<String> references = new ArrayList<>();
    collectDatasources(dashboard, references);

    assertThat(references).isNotEmpty().allSatisfy(uid -> assertThat(uid).isEqualTo(DATASOURCE));
  }

  @Test
  void every_panel_has_targets_with_an_expression_and_the_variable_as_data_source() {
    for (JsonNode panel : panels()) {
      String title = panel.path("title").asString();
      assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(DATASOURCE);
      assertThat(panel.path("targets").size()).as(title + " has targets").isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asString()).as(title).isNotBlank();
        assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(DATASOURCE);
        assertThat(refIds.add(target.path("refId").asString())).as(title + " refIds are unique").isTrue();
      }
    }
  }

  @Test
  void panel_ids_are_unique_and_panels_fit_the_grid() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("id of " + panel.path("title").asString()).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asString()).isLessThanOrEqualTo(24);
    }
  }

  @Test
  void it_has_a_row_for_each_part_of_the_ledger() {
    List<String> rows = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> {
      if (panel.path("type").asString().equals("row")) {
        rows.add(panel.path("title").asString());
      }
    });

    assertThat(rows).containsExactly("Commands", "Reads and streams", "Projection", "Backends", "JVM");
  }

  @Test
  void it_has_a_stable_uid_and_no_instance_id() {
    assertThat(dashboard.path("uid").asString()).isEqualTo("ledger-overview");
    assertThat(dashboard.path("id").isNull()).isTrue();
  }

  @Test
  void it_fits_a_config_map_that_kubectl_apply_can_annotate() throws Exception {
    // Client-side apply copies the whole ConfigMap into the last-applied-configuration
    // annotation, and annotations are limited to 256 KiB together: a larger dashboard needs server-side apply.
    assertThat(Files.size(MonitoringFiles.DASHBOARD)).isLessThan(200 * 1024);
  }

  /** The panels that show data: every panel but the rows. */
  private List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> {
      if (!panel.path("type").asString().equals("row")) {
        panels.add(panel);
      }
    });
    assertThat(panels).isNotEmpty();
    return panels;
  }

  private static void collectDatasources(JsonNode node, List<String> uids) {
    if (node.isObject()) {
      JsonNode datasource = node.get("datasource");
      if (datasource != null) {
        uids.add(datasource.isObject() ? datasource.path("uid").asString() : datasource.asString());
      }
      node.forEach(child -> collectDatasources(child, uids));
    } else if (node.isArray()) {
      node.forEach(child -> collectDatasources(child, uids));
    }
  }
}
