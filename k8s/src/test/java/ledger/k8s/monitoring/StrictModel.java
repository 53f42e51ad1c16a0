package ledger.k8s.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import ledger.k8s.Model;

/**
 * Reads a manifest into its fabric8 model and refuses any field the model does not know. fabric8's
 * classes keep unknown fields in {@code additionalProperties} instead of failing (a misspelt
 * {@code podMetricEndpoints} would parse, and the operator would ignore it): every object of the
 * model read is walked and must have none.
 */
final class StrictModel {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StrictModel() {
  }

  static <T> T read(Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      return checked(SERIALIZATION.unmarshal(in, type), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T parse(String yaml, Class<T> type) {
    return checked(SERIALIZATION.unmarshal(yaml, type), "the manifest");
  }

  private static <T> T checked(T model, String source) {
    List<String> unknown = Model.unknownFields(model, model.getClass().getSimpleName());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(source + " has fields its model does not know: " + unknown);
    }
    return model;
  }
}
