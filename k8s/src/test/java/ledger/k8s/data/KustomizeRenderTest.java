package ledger.k8s.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where kubectl is installed (it embeds kustomize), each data folder renders, and into exactly
 * the objects the other tests of this package read from its files.
 */
class KustomizeRenderTest {

  @ParameterizedTest
  @ValueSource(strings = {"data/dev", "data/prod"})
  void kubectl_kustomize_renders_the_folder_into_the_objects_of_its_files(String folder, @TempDir Path out)
      throws Exception {
    assumeTrue(onPath("kubectl"), "no kubectl on PATH");
    Path rendered = out.resolve("rendered.yaml");
    Process kustomize = new ProcessBuilder("kubectl", "kustomize", folder).redirectOutput(rendered.toFile())
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    String errors = new String(kustomize.getErrorStream().readAllBytes());
    assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(kustomize.exitValue()).as(errors).isZero();
    assertThat(names(DataManifests.documents(rendered)))
        .containsExactlyInAnyOrderElementsOf(names(DataManifests.rendered(Path.of(folder))));
  }

  private static List<String> names(List<DataManifests.Document> documents) {
    return documents.stream().map(d -> d.kind() + "/" + d.name()).toList();
  }

  private static boolean onPath(String program) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
