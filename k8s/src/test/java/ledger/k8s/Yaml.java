package ledger.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The YAML documents of a file as plain trees (maps, lists, scalars), empty documents left out. */
final class Yaml {

  private static final ObjectMapper MAPPER = YAMLMapper.builder().build();

  private Yaml() {
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (MappingIterator<Object> values = MAPPER.readerFor(Object.class).readValues(Files.readString(file))) {
      while (values.hasNext()) {
        Object value = values.next();
        if (value instanceof Map<?, ?> map) {
          documents.add((Map<String, Object>) map);
        } else if (value != null) {
          throw new IllegalStateException(file + ": a document is not a mapping: " + value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** A document parsed from text (an inline patch). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> document(String text) {
    return MAPPER.readValue(text, Map.class);
  }

  /** A YAML value parsed from text: a mapping, a list or a scalar (an inline patch of either kind). */
  static Object value(String text) {
    return MAPPER.readValue(text, Object.class);
  }

  /** JSON of a tree with every mapping's keys in order, so equal trees give equal text. */
  static String sortedJson(Object tree) {
    return new ObjectMapper().writeValueAsString(sorted(tree));
  }

  private static Object sorted(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new java.util.TreeMap<>();
      map.forEach((key, value) -> sorted.put(String.valueOf(key), sorted(value)));
      return sorted;
    }
    if (tree instanceof List<?> list) {
      return list.stream().map(Yaml::sorted).toList();
    }
    return tree;
  }

  static String json(Object tree) {
    return jsonOf(tree);
  }

  private static String jsonOf(Object tree) {
    return new ObjectMapper().writeValueAsString(tree);
  }

  /** A deep copy of a tree. */
  @SuppressWarnings("unchecked")
  static <T> T copy(T tree) {
    return (T) new ObjectMapper().readValue(jsonOf(tree), Object.class);
  }
}
