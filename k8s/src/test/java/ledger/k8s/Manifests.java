package ledger.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the manifests are: this module's folder (Maven runs the tests there). */
final class Manifests {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DEV = ROOT.resolve("overlays/dev");
  static final Path PROD = ROOT.resolve("overlays/prod");

  private Manifests() {
  }

  /** Every YAML file under k8s/ that holds Kubernetes objects (kustomization files are the renderer's). */
  static List<Path> objectFiles() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !ROOT.relativize(f).startsWith("target") && !ROOT.relativize(f).startsWith("src"))
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
