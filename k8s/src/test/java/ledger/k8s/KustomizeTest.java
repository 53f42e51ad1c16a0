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
        "\"image\":\"reg/ledger:2\"", "{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"A\",\"value\":\"1\"}",
        "\"readinessProbe\":{\"httpGet\":{\"path\":\"/x\",\"port\":8}}", "\"selector\":{\"matchLabels\":{\"a\":\"b\"}}");
    assertThat(Yaml.json(objects.get(1))).contains("\"kind\":\"ConfigMap\"", "\"name\":\"dash\"",
        "\"grafana_dashboard\":\"1\"", "\"board.json\":\"{}\"", "\"mode\":\"x\"", "\"namespace\":\"ns\"");
  }

  @Test
  void a_component_adds_its_resources_and_patches_everything_gathered_before_the_overlays_own_transformers()
      throws IOException {
    write("base/kustomization.yaml", "resources: [app.yaml]\n");
    write("base/app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, labels: {role: a}}
        spec:
          template:
            spec:
              containers: [{name: c, image: ledger, env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: one}}}]}]
        """);
    write("wiring/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        resources: [extra.yaml]
        patches:
          - path: direct.yaml
          - target: {kind: ConfigMap}
            patch: |-
              - {op: add, path: /data/patched, value: "yes"}
        """);
    write("wiring/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\ndata: {a: b}\n");
    write("wiring/direct.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app}
        spec:
          template:
            spec:
              containers: [{name: c, env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: two}}}]}]
        """);
    write("over/kustomization.yaml", """
        namespace: ns
        resources: [../base]
        components: [../wiring]
        images: [{name: ledger, newTag: "2"}]
        """);

    List<Map<String, Object>> objects = Kustomize.build(dir.resolve("over"));

    assertThat(Yaml.json(objects.get(0))).contains("\"key\":\"two\"", "\"image\":\"ledger:2\"", "\"namespace\":\"ns\"")
        .doesNotContain("\"key\":\"one\"");
    assertThat(Yaml.json(objects.get(1))).contains("\"name\":\"extra\"", "\"patched\":\"yes\"", "\"namespace\":\"ns\"");
  }

  @Test
  void a_component_among_resources_or_a_kustomization_among_components_is_refused() throws IOException {
    write("comp/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
    write("kust/kustomization.yaml", "resources: []\n");
    write("a/kustomization.yaml", "resources: [../comp]\n");
    write("b/kustomization.yaml", "components: [../kust]\n");
    write("c/kustomization.yaml", "components: [../wrongapi]\n");
    write("wrongapi/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\n");

    assertThatThrownBy(() -> Kustomize.build(dir.resolve("a"))).hasMessageContaining("kind Component listed under resources");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("b"))).hasMessageContaining("listed under components");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("c"))).hasMessageContaining("apiVersion");
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
