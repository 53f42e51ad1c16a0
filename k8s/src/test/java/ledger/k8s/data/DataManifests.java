package ledger.k8s.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The documents of the k8s/data folders as JSON trees, each with the file it came from. The
 * tests run in the k8s module's folder, so paths are relative to k8s/.
 */
final class DataManifests {

  static final Path DEV = Path.of("data/dev");
  static final Path PROD = Path.of("data/prod");

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private DataManifests() {
  }

  /** One YAML document of a manifest file. */
  record Document(Path file, JsonNode tree) {
    String kind() {
      return tree.path("kind").asString();
    }

    String name() {
      return tree.path("metadata").path("name").asString();
    }

    String apiVersion() {
      return tree.path("apiVersion").asString();
    }
  }

  /** Every document of a YAML file (files may hold several, separated by ---). */
  static List<Document> documents(Path file) {
    List<Document> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
      while (values.hasNext()) {
        JsonNode tree = values.next();
        if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
          documents.add(new Document(file, tree));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** The files a kustomization.yaml lists under resources, resolved against its folder. */
  static List<Path> resources(Path folder) {
    JsonNode kustomization = documents(folder.resolve("kustomization.yaml")).get(0).tree();
    List<Path> files = new ArrayList<>();
    kustomization.path("resources").forEach(resource -> files.add(folder.resolve(resource.asString())));
    return files;
  }

  /** Every document of the files a kustomization lists. */
  static List<Document> rendered(Path folder) {
    return resources(folder).stream().flatMap(file -> documents(file).stream()).toList();
  }

  static Document only(List<Document> documents, String kind, String name) {
    List<Document> matches = documents.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).toList();
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + kind + " " + name + ", found " + matches.size());
    }
    return matches.get(0);
  }

  static Optional<Document> find(List<Document> documents, String kind, String name) {
    return documents.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst();
  }

  /** Every *.yaml under a folder of the k8s module, if it exists (the roles' folders, after the merge). */
  static List<Document> everyManifestUnder(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .flatMap(f -> documents(f).stream()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
