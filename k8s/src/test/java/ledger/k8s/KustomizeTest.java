package ledger.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kustomize subset the overlay tests render with does what kustomize does, and refuses what it does not know. */
class KustomizeTest {

  @TempDir
  Path dir;

  @Test
  void resources_generators_patches_namespace_labels_images_and_replicas_are_applied() throws IOException {
    write("base/kustomization.yaml", """
        resources: [app.yaml]
        configMapGenerator:
          - name: dash
            files: [board.json]
            literals: [mode=x]
            options: {labels: {grafana_dashboard: "1"}}
        """);
    write("base/board.json", "{}");
    write("base/app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, labels: {app.kubernetes.io/name: ledger}}
        spec:
          replicas: 1
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - {name: c, image: "ledger:old", env: [{name: A, value: "1"}], readinessProbe: {grpc: {port: 1}}}
        """);
    write("over/patch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ignored}
        spec:
          template:
            spec:
              containers:
                - {name: c, env: [{name: B, value: "2"}], readinessProbe: {grpc: null, httpGet: {path: /x, port: 8}}}
        """);
    write("over/kustomization.yaml", """
        namespace: ns
        resources: [../base]
        patches:
          - path: patch.yaml
            target: {kind: Deployment, labelSelector: app.kubernetes.io/name=ledger}
        labels:
          - pairs: {team: t}
            includeSelectors: false
        images:
          - {name: ledger, newName: reg/ledger, newTag: "2"}
        replicas:
          - {name: app, count: 3}
        """);

    List<Map<String, Object>> objects = Kustomize.build(dir.resolve("over"));

    assertThat(Yaml.json(objects.get(0))).contains("\"namespace\":\"ns\"", "\"team\":\"t\"", "\"replicas\":3",
        "\"image\":\"reg/ledger:2\"", "{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}",
        "\"readinessProbe\":{\"httpGet\":{\"path\":\"/x\",\"port\":8}}", "\"selector\":{\"matchLabels\":{\"a\":\"b\"}}");
    assertThat(Yaml.json(objects.get(1))).contains("\"kind\":\"ConfigMap\"", "\"name\":\"dash\"",
        "\"grafana_dashboard\":\"1\"", "\"board.json\":\"{}\"", "\"mode\":\"x\"", "\"namespace\":\"ns\"");
  }

  @Test
  void a_field_it_does_not_render_or_a_missing_resource_stops_the_render() throws IOException {
    write("a/kustomization.yaml", "resources: []\nnamePrefix: x-\n");
    write("b/kustomization.yaml", "resources: [gone.yaml]\n");

    assertThatThrownBy(() -> Kustomize.build(dir.resolve("a"))).hasMessageContaining("field 'namePrefix'");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("b"))).hasMessageContaining("resource gone.yaml does not exist");
  }

  private void write(String file, String text) throws IOException {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
