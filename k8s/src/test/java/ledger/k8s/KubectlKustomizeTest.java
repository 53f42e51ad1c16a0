package ledger.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where kubectl is installed (it embeds kustomize), the Java renderer the other tests read the
 * overlays with renders each overlay into exactly the objects {@code kubectl kustomize} does:
 * same objects, same fields, same order of lists (env, volumes, mounts). Without this, a
 * kustomize feature the renderer imitates wrongly would leave the checks judging other manifests
 * than the cluster gets.
 */
class KubectlKustomizeTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void kubectl_renders_the_overlay_as_the_java_renderer_does(String overlay, @TempDir Path out) throws Exception {
    assumeTrue(onPath("kubectl"), "no kubectl on PATH");
    Path rendered = out.resolve("rendered.yaml");
    Process kustomize = new ProcessBuilder("kubectl", "kustomize", OverlaysTest.overlay(overlay).toString())
        .redirectOutput(rendered.toFile()).redirectError(out.resolve("errors.txt").toFile()).start();
    assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kustomize.exitValue()).as(Files.readString(out.resolve("errors.txt"))).isZero();

    List<String> kubectl = canonical(Yaml.documents(rendered));
    List<String> java = canonical(Kustomize.build(OverlaysTest.overlay(overlay)));

    List<String> differ = new java.util.ArrayList<>();
    for (int i = 0; i < Math.max(java.size(), kubectl.size()); i++) {
      String j = i < java.size() ? java.get(i) : "(none)";
      String k = i < kubectl.size() ? kubectl.get(i) : "(none)";
      if (!j.equals(k)) {
        differ.add("java:    " + j + "\nkubectl: " + k);
      }
    }
    assertThat(differ).isEmpty();
  }

  /** Each object as JSON with its mappings' keys sorted (list order kept), the objects sorted by kind, namespace and name. */
  private static List<String> canonical(List<Map<String, Object>> objects) {
    return objects.stream()
        .sorted(Comparator.comparing((Map<String, Object> o) -> (String) o.get("kind"))
            .thenComparing(o -> String.valueOf(Kustomize.metadata(o).get("namespace")))
            .thenComparing(o -> String.valueOf(Kustomize.metadata(o).get("name"))))
        .map(Yaml::sortedJson).toList();
  }

  static boolean onPath(String program) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
