package ledger.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** Every YAML document under k8s/ is a Kubernetes object of the fabric8 model, with no field the model does not know. */
class ManifestModelTest {

  @Test
  void every_document_under_k8s_parses_into_the_model_with_no_unknown_field() {
    List<String> problems = new ArrayList<>();
    int documents = 0;
    for (Path file : Manifests.objectFiles()) {
      for (Map<String, Object> tree : Yaml.documents(file)) {
        documents++;
        String where = Manifests.ROOT.relativize(file).toString();
        try {
          Model.unknownFields(Model.parse(tree, where)).forEach(field -> problems.add(where + ": unknown field " + field));
        } catch (IllegalStateException e) {
          problems.add(e.getMessage());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(documents).isGreaterThan(20);
  }

  @Test
  void a_misspelled_field_is_refused_even_deep_in_a_pod_template() {
    Map<String, Object> command = Yaml.documents(Manifests.ROOT.resolve("base/command.yaml")).get(0);
    Map<String, Object> container = Yaml.document("""
        spec: {template: {spec: {containers: [{name: ledger, readinesProbe: {grpc: {port: 9090}}}]}}}""");
    StrategicMerge.apply(command, container);

    HasMetadata parsed = Model.parse(command, "command.yaml");

    assertThat(parsed).isInstanceOf(Deployment.class);
    assertThat(Model.unknownFields(parsed)).containsExactly("Deployment.spec.template.spec.containers[0].readinesProbe");
  }

  @Test
  void a_kind_the_model_has_no_class_for_parses_as_generic_and_must_have_its_name() {
    Map<String, Object> certificate = Yaml.documents(Manifests.PROD.resolve("certificate.yaml")).get(0);
    assertThat(Model.parse(certificate, "certificate.yaml")).isInstanceOf(GenericKubernetesResource.class);
    assertThat(Model.unknownFields(Model.parse(certificate, "certificate.yaml"))).isEmpty();

    ((Map<?, ?>) certificate.get("metadata")).remove("name");
    assertThat(Model.unknownFields(Model.parse(certificate, "certificate.yaml"))).isNotEmpty();
  }
}
